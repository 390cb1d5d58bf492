/** podwire: a real Kubernetes cluster network in Linux network namespaces. */
module dev.podwire {
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires kubernetes.model.core;
    requires kubernetes.model.apps;
    requires kubernetes.model.common;
    requires kubernetes.model.discovery;
    requires org.yaml.snakeyaml;
    requires jdk.httpserver;
    requires org.dnsjava;

    opens dev.podwire.cli to info.picocli;
    // Jackson reads and writes these records (the lab record, the CLI protocol).
    opens dev.podwire.lab to com.fasterxml.jackson.databind;
    opens dev.podwire.daemon to com.fasterxml.jackson.databind;
}
