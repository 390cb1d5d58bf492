package dev.podwire.cli;

/** Entry point. */
public final class Main {
    private Main() {}

    /** Runs the CLI. */
    public static void main(String[] args) {
        System.out.println(io.fabric8.kubernetes.api.model.apps.Deployment.class);
    }
}
