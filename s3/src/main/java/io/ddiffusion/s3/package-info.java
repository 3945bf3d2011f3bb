/** Blob storage on an S3-compatible object store (AWS S3, MinIO, Ceph), implementing core's BlobStorage SPI. */
package io.ddiffusion.s3;
