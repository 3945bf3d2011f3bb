/** The distribution: roles, the choice of implementations and the process lifecycles. */
package io.ddiffusion.app;
