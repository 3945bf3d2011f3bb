/** User API keys: the KeyStore SPI, token format and hashing, and the file-backed embedded store. */
package io.ddiffusion.core.keys;
