package dev.podwire.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --lab NAME} option every lab command takes. */
final class LabOption {
    @Option(names = "--lab", paramLabel = "NAME", description = "The lab to act on (implied when only one is up).")
    String lab;

    Optional<String> name() {
        return Optional.ofNullable(lab);
    }
}
