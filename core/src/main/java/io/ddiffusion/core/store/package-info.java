/** Where task records and logs live: the TaskStore SPI and its embedded implementation. */
package io.ddiffusion.core.store;
