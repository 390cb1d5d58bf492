/**
 * The registry of kube-proxy modes ({@link dev.podwire.proxy.modes.Proxiers}): which {@link dev.podwire.proxy.Proxier}
 * runs a {@link dev.podwire.labfile.ProxyMode}, as kube-proxy's {@code cmd/kube-proxy/app} picks its proxier. It sits
 * above {@code proxy} and every mode's package, so that the mode-neutral loop knows none of them.
 */
package dev.podwire.proxy.modes;
