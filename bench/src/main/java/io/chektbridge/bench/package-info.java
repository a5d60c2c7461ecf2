/** JMH benchmarks for the protocol decoders, and the load driver for the daemon. */
package io.chektbridge.bench;
