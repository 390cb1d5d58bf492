/**
 * The kinds of Kubernetes objects podwire keeps, one package each ({@code pod}, {@code workload}, {@code service},
 * {@code endpoints}, {@code configmap}, {@code namespace}, {@code node}): the checks of a kind's manifests (with
 * Kubernetes' validation rules and wording) and its {@code kubectl get} columns. This package holds what several
 * kinds share: {@link dev.podwire.kinds.ObjectChecks} (metadata, protocols), {@link dev.podwire.kinds.Age} (the AGE
 * column) and {@link dev.podwire.kinds.Selectors} (labels and selectors as kubectl prints them).
 *
 * <p>Design notes. A kind is declared once, as a {@code dev.podwire.cluster.ResourceType} listed in
 * {@code dev.podwire.cluster.KindRegistry}: model class, apiVersion (and legacy versions), key layout, CLI names,
 * checks and printer. The declaration refers to the static functions of the kind's package here; these packages
 * know nothing of the store or the registry, so they sit below {@code cluster} and depend only on {@code labfile}
 * ({@code FieldError}, {@code K8sNames}) and fabric8. Adding a kind is a package here plus one registry entry.
 * Printers are pure: they format what they are given and take "now" for the AGE column.
 */
package dev.podwire.kinds;
