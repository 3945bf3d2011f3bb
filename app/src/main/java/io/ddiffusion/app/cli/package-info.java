/** The command line: serve, api, worker and keys. */
package io.ddiffusion.app.cli;
