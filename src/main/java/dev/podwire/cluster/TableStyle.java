package dev.podwire.cluster;

/**
 * How {@link Tables} lays out a listing: kubectl's plain or {@code -o wide} columns, with or without a leading
 * NAMESPACE column ({@code -A} / {@code --all-namespaces}; ignored for cluster-scoped kinds).
 *
 * @param wide          {@code -o wide}
 * @param allNamespaces {@code -A}
 */
public record TableStyle(boolean wide, boolean allNamespaces) {
    /** {@code kubectl get ...}. */
    public static final TableStyle NORMAL = new TableStyle(false, false);
    /** {@code kubectl get ... -o wide}. */
    public static final TableStyle WIDE = new TableStyle(true, false);
    /** {@code kubectl get ... -A}. */
    public static final TableStyle ALL_NAMESPACES = new TableStyle(false, true);
    /** {@code kubectl get ... -A -o wide}. */
    public static final TableStyle ALL_NAMESPACES_WIDE = new TableStyle(true, true);
}
