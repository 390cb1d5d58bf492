/**
 * Lab files: the {@code kind: Lab} document (topology and network settings) and the Kubernetes manifests that come
 * with it, loaded into validated records ({@link dev.podwire.labfile.LabSpec}) and fabric8 objects.
 *
 * <p>Entry point: {@link dev.podwire.labfile.LabFiles}. Every problem is one {@link dev.podwire.labfile.ConfigException}
 * line naming file, line, document, field path, what is wrong and a hint, because the caller creates nothing when it
 * is thrown.
 *
 * <p>Design notes:
 * <ul>
 *   <li>YAML is composed with SnakeYAML rather than bound straight by Jackson, so each field path keeps its line
 *       ({@code YamlReader}); the trees are then plain Jackson trees.</li>
 *   <li>The Lab document is read by hand ({@code ObjReader}, {@code LabParser}): every accessor names its key, so
 *       unknown keys are reported with the known ones listed, and each value error carries its path. Rules that
 *       join several fields run afterwards ({@code LabChecks}, {@code LabNetworks}).</li>
 *   <li>Manifests bind to fabric8 classes with a mapper that ignores fabric8's {@code additionalProperties}
 *       any-setter, so misspelt fields fail with their path, and that does not coerce scalars, as the API server
 *       would not ({@code ManifestReader}). This package knows no kind: the caller passes the kinds manifests may
 *       hold ({@link dev.podwire.labfile.ManifestKind}, implemented by {@code cluster.ResourceType} and listed by
 *       {@code cluster.KindRegistry}, which sit above this package), each with its accepted and legacy apiVersions
 *       and its checks ({@link dev.podwire.labfile.ManifestRules}). Checks follow Kubernetes' validation and wording
 *       and throw {@link dev.podwire.labfile.FieldError}; the name rules they share are in
 *       {@link dev.podwire.labfile.K8sNames}. Rules across objects (each object once, node ports and ClusterIPs
 *       claimed once, namespaces defined) are in {@code ObjectIndex}.</li>
 *   <li>Legacy API versions (e.g. Deployments' extensions/v1beta1, removed in 1.16) are read as the current one
 *       with a warning, after their kind's {@link dev.podwire.labfile.ManifestRules.Defaults}.</li>
 * </ul>
 */
package dev.podwire.labfile;

