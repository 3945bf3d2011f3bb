/** Network rules shared by the API and the workers: which addresses a server-side fetch may reach. */
package io.ddiffusion.core.net;
