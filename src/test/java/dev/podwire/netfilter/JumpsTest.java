package dev.podwire.netfilter;

import static dev.podwire.netfilter.JumpOrder.FLANNEL_FWD;
import static dev.podwire.netfilter.JumpOrder.KUBE_EXTERNAL_SERVICES;
import static dev.podwire.netfilter.JumpOrder.KUBE_FORWARD;
import static dev.podwire.netfilter.JumpOrder.KUBE_PROXY_FIREWALL;
import static dev.podwire.netfilter.JumpOrder.KUBE_SERVICES;
import static dev.podwire.netfilter.JumpOrder.PODWIRE_LB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a missing jump goes ({@link Jumps#position}) and what a {@link Jump} may be. */
class JumpsTest {
    private static final Optional<JumpOrder> FOREIGN = Optional.empty();

    private static List<Optional<JumpOrder>> chain(Object... rules) {
        return Arrays.stream(rules).map(r -> r instanceof JumpOrder o ? Optional.of(o) : FOREIGN).toList();
    }

    @Test
    void headJumpGoesRightAfterTheLastHeadJumpDeclaredBeforeIt() {
        assertEquals(1, Jumps.position(chain(), KUBE_SERVICES));
        assertEquals(1, Jumps.position(chain("docker", FLANNEL_FWD), KUBE_SERVICES), "ahead of foreign rules");
        assertEquals(1, Jumps.position(chain(KUBE_EXTERNAL_SERVICES), KUBE_SERVICES), "kube-proxy's -I at the top");
        assertEquals(3, Jumps.position(chain(KUBE_PROXY_FIREWALL, KUBE_FORWARD, KUBE_EXTERNAL_SERVICES),
                KUBE_SERVICES));
        assertEquals(2, Jumps.position(chain(KUBE_PROXY_FIREWALL, "docker", KUBE_EXTERNAL_SERVICES), KUBE_FORWARD),
                "right after its predecessor, ahead of a foreign rule");
    }

    @Test
    void tailJumpGoesRightBeforeTheFirstTailJumpDeclaredAfterIt() {
        assertEquals(1, Jumps.position(chain(), FLANNEL_FWD));
        assertEquals(5, Jumps.position(chain(KUBE_PROXY_FIREWALL, KUBE_FORWARD, KUBE_SERVICES, KUBE_EXTERNAL_SERVICES),
                FLANNEL_FWD), "flanneld's -A at the end");
        assertEquals(3, Jumps.position(chain(KUBE_SERVICES, "docker", PODWIRE_LB, "other"), FLANNEL_FWD));
    }

    @Test
    void everyHeadOwnerIsDeclaredBeforeEveryTailOwner() {
        List<JumpOrder.Side> sides = Arrays.stream(JumpOrder.values()).map(JumpOrder::side).toList();
        assertEquals(sides.stream().sorted().toList(), sides);
        assertEquals(Optional.of(KUBE_FORWARD), JumpOrder.of("KUBE-FORWARD"));
    }

    @Test
    void jumpMustComeFromABuiltInChainToADeclaredOwner() {
        Jump j = Jump.of("filter", "FORWARD", "-m", "comment", "--comment", "flanneld forward", "-j", "FLANNEL-FWD");
        assertEquals(FLANNEL_FWD, j.order());
        assertEquals("-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD", j.line());
        assertTrue(j.rule().sameAs(RuleParser.parse(j.line())));
        assertThrows(IllegalArgumentException.class, () -> Jump.of("filter", "PREROUTING", "-j", "KUBE-SERVICES"));
        assertThrows(IllegalArgumentException.class, () -> Jump.of("filter", "KUBE-FORWARD", "-j", "KUBE-SERVICES"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Jump.of("filter", "FORWARD", "-j", "CALI-FORWARD"));
        assertTrue(e.getMessage().contains("JumpOrder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Jump.of("filter", "FORWARD", "-j"));
    }
}
