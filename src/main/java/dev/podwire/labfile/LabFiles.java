package dev.podwire.labfile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Loads lab files: one {@code kind: Lab} document plus ordinary Kubernetes manifests, {@code ---}-separated, across
 * one or more files. Everything that can be checked without a running lab is checked here, so a caller that gets a
 * result can create the lab without failing on the input halfway; the first problem is thrown as a one-line
 * {@link ConfigException}.
 */
public final class LabFiles {
    private LabFiles() {}

    /**
     * {@return the lab of {@code files}, which must hold exactly one Lab document and no manifests}: with no kinds
     * given, every manifest is refused as an unsupported kind. For tools and tests that need only the lab; a lab
     * with manifests is read by {@link #load(List, List)}.
     *
     * @throws ConfigException for unreadable files, malformed YAML, a manifest, or an invalid Lab document
     */
    public static LabDocuments load(List<Path> files) {
        return load(files, RulesCheck.NONE, List.of());
    }

    /**
     * {@return the lab and the objects of {@code files}, which must hold exactly one Lab document between them}
     *
     * @param kinds the kinds manifests may hold, in the registry's order ({@code cluster.KindRegistry#all})
     * @throws ConfigException for unreadable files, malformed YAML, or any invalid document
     */
    public static LabDocuments load(List<Path> files, List<? extends ManifestKind<?>> kinds) {
        return load(files, RulesCheck.NONE, kinds);
    }

    /**
     * {@return the lab and the objects of {@code files}, as {@link #load(List, List)}, with each machine's iptables
     * rules also checked by {@code rulesCheck}}
     *
     * @throws ConfigException for unreadable files, malformed YAML, or any invalid document
     */
    public static LabDocuments load(List<Path> files, RulesCheck rulesCheck, List<? extends ManifestKind<?>> kinds) {
        List<YamlDoc> docs = read(files);
        List<YamlDoc> labs = docs.stream().filter(LabFiles::isLab).toList();
        if (labs.isEmpty()) {
            throw new ConfigException(files.getFirst(), OptionalInt.empty(), 0, Optional.empty(), Optional.empty(),
                    "", "no Lab document in " + files + " (expected: exactly one document with kind: Lab)",
                    "start with apiVersion: " + LabParser.API_VERSION + ", kind: Lab, metadata: {name: mylab},"
                    + " spec: {...}; see examples/seed-000-hostgw.yaml", null);
        }
        if (labs.size() > 1) {
            YamlDoc first = labs.getFirst();
            throw labs.get(1).error(new FieldError("kind", "a second Lab document (expected: exactly one; the first"
                    + " is " + first.file() + ":" + first.startLine() + ")", "one run builds one lab; keep one"
                    + " Lab document"));
        }
        YamlDoc labDoc = labs.getFirst();
        List<String> warnings = new ArrayList<>();
        List<LabChecks.Warning> labWarnings = new ArrayList<>();
        LabSpec lab = located(labDoc, () -> LabParser.parse(labDoc.tree(), labWarnings, rulesCheck));
        labWarnings.forEach(w -> warnings.add(labDoc.warning(w.path(), w.text())));
        ObjectIndex index = new ObjectIndex();
        List<HasMetadata> objects = manifests(docs.stream().filter(d -> d != labDoc).toList(), lab, kinds, index,
                warnings);
        index.requireNamespaces();
        return new LabDocuments(lab, objects, warnings);
    }

    /**
     * {@return the objects of {@code files}, validated against {@code lab} (for {@code podwire apply -f})}. Lab
     * documents are not allowed. Namespaces are not required to be defined here: they may exist in the lab.
     *
     * @param kinds the kinds manifests may hold, in the registry's order ({@code cluster.KindRegistry#all})
     * @throws ConfigException for unreadable files, malformed YAML, a Lab document, or any invalid manifest
     */
    public static ManifestSet loadManifests(List<Path> files, LabSpec lab, List<? extends ManifestKind<?>> kinds) {
        List<YamlDoc> docs = read(files);
        for (YamlDoc doc : docs) {
            if (isLab(doc)) {
                throw doc.error(new FieldError("kind", "Lab (expected: only Kubernetes manifests here)",
                        "the lab is already running; apply -f takes Deployments, Pods, Services and Namespaces"));
            }
        }
        List<String> warnings = new ArrayList<>();
        List<HasMetadata> objects = manifests(docs, lab, kinds, new ObjectIndex(), warnings);
        return new ManifestSet(objects, warnings);
    }

    /**
     * {@return the Lab document of {@code files} as one line of JSON}, which the lab stores in etcd so that node
     * agents read the same settings ({@link #parseLab}).
     */
    public static String labJson(List<Path> files) {
        return read(files).stream().filter(LabFiles::isLab).findFirst().map(d -> d.tree().toString())
                .orElseThrow(() -> new IllegalArgumentException("files: " + files + " (expected: a Lab document)"));
    }

    /**
     * {@return the lab of a Lab document given as text (JSON or YAML)}, validated as {@link #load} does
     *
     * @param where what to name in errors, e.g. {@code etcd:/podwire/lab}
     * @throws ConfigException when the text is not one valid Lab document
     */
    public static LabSpec parseLab(String text, String where) {
        Path origin = Path.of(where);
        List<YamlDoc> labs = YamlReader.read(origin, text).stream().filter(LabFiles::isLab).toList();
        if (labs.size() != 1) {
            throw new ConfigException(origin, OptionalInt.empty(), 0, Optional.empty(), Optional.empty(), "",
                    labs.size() + " Lab documents (expected: exactly one)", "write the lab's Lab document there", null);
        }
        return located(labs.getFirst(), () -> LabParser.parse(labs.getFirst().tree(), new ArrayList<>(),
                // `up` checked the hosts' iptables rules already; the agent only reads them.
                RulesCheck.NONE));
    }

    private static List<HasMetadata> manifests(List<YamlDoc> docs, LabSpec lab,
            List<? extends ManifestKind<?>> kinds, ObjectIndex index, List<String> warnings) {
        ManifestRules.Context context = ManifestRules.Context.of(lab);
        ManifestReader reader = new ManifestReader(kinds);
        List<HasMetadata> objects = new ArrayList<>();
        for (YamlDoc doc : docs) {
            objects.add(located(doc, () -> {
                ManifestReader.Read read = reader.read(doc, context, warnings);
                index.add(doc, read.object(), read.kind().namespaced());
                return read.object();
            }));
        }
        return objects;
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T located(YamlDoc doc, Step<T> step) {
        try {
            return step.run();
        } catch (FieldError e) {
            throw doc.error(e);
        } catch (IllegalArgumentException e) {
            // A record constructor caught what the parser did not: still the user's input, still one line.
            throw doc.error(new FieldError("", e.getMessage(), "fix the value named above"));
        }
    }

    private static boolean isLab(YamlDoc doc) {
        boolean lab = doc.kind().filter("Lab"::equals).isPresent();
        String apiVersion = doc.tree().path("apiVersion").asText();
        if (lab && !apiVersion.equals(LabParser.API_VERSION)) {
            throw doc.error(new FieldError("apiVersion", (apiVersion.isEmpty() ? "missing" : apiVersion)
                    + " (expected: " + LabParser.API_VERSION + ")", "a Lab document starts with apiVersion: "
                    + LabParser.API_VERSION));
        }
        return lab;
    }

    private static List<YamlDoc> read(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files: [] (expected: at least one file)");
        }
        List<YamlDoc> docs = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(file, OptionalInt.empty(), 0, Optional.empty(), Optional.empty(), "",
                        "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                        "check the path and permissions", e);
            }
            docs.addAll(YamlReader.read(file, text));
        }
        return docs;
    }
}
