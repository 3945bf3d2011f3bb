/** Files shared by API and workers: the BlobStorage SPI, storage keys, signed URLs and the filesystem storage. */
package io.ddiffusion.core.storage;
