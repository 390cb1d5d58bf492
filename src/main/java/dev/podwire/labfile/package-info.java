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
 *       would not. Value rules follow Kubernetes' validation and wording ({@code ManifestChecks},
 *       {@code ServiceChecks}); rules across objects are in {@code ObjectIndex}.</li>
 *   <li>Deprecated Deployment/ReplicaSet API versions (removed in 1.16) are read as apps/v1 with a warning; the
 *       v1beta1 ones keep their old selector default.</li>
 * </ul>
 */
package dev.podwire.labfile;
