package dev.podwire.proxy.iptables;

import dev.podwire.proxy.ServicePortName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects one table's chains in declaration order and their rules in write order. */
final class ChainsBuilder implements Chains {
    private record Pending(Optional<ServicePortName> service, List<String> rules) {}

    private final Map<String, Pending> chains = new LinkedHashMap<>();

    @Override
    public void declare(String name) {
        chains.put(name, new Pending(Optional.empty(), new ArrayList<>()));
    }

    @Override
    public void declare(String name, ServicePortName service) {
        chains.put(name, new Pending(Optional.of(service), new ArrayList<>()));
    }

    @Override
    public void add(String chain, String rule) {
        Pending p = chains.get(chain);
        if (p == null) {
            throw new IllegalStateException("chain " + chain + " written before it was declared");
        }
        p.rules().add(rule);
    }

    List<PlannedChain> build() {
        List<PlannedChain> out = new ArrayList<>();
        chains.forEach((name, p) -> out.add(new PlannedChain(name, p.service(), p.rules())));
        return out;
    }
}
