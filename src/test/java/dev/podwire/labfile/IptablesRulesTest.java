package dev.podwire.labfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IptablesRulesTest {

    @Test
    void acceptsIptablesSaveTextWithUserChainsQuotedCommentsAndSeveralTables() {
        String text = """
                # the office gateway
                *filter
                :FORWARD DROP [0:0]
                :GW-IN - [0:0]
                -A FORWARD -m comment --comment "anti-spoofing: replies never requested" -m conntrack --ctstate INVALID -j DROP
                -A FORWARD -j GW-IN
                -N GW-OUT
                -A GW-OUT -j RETURN
                COMMIT
                *nat
                -A POSTROUTING -o eth0 -j MASQUERADE
                COMMIT""";
        IptablesRules rules = new IptablesRules(text);
        assertEquals(text + "\n", rules.payload());
        assertTrue(IptablesRules.none().isEmpty());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
        *filter\\n-A FORWARD -j ACCEPT                        | table filter is never closed (expected: COMMIT at the end)
        -A FORWARD -j ACCEPT\\nCOMMIT                         | line 1 of the rules: -A FORWARD -j ACCEPT outside a table
        *filters\\nCOMMIT                                     | line 1 of the rules: *filters (expected: *filter, *nat
        *filter\\n*nat\\nCOMMIT                               | line 2 of the rules: *nat inside *filter (expected: COMMIT first)
        *filter\\nCOMMIT\\n*filter\\nCOMMIT                   | line 3 of the rules: *filter opens table filter a second time
        *filter\\n:FORWARD REJECT [0:0]\\nCOMMIT              | line 2 of the rules: :FORWARD REJECT [0:0] (expected: policy ACCEPT or DROP)
        *filter\\n:MINE DROP [0:0]\\nCOMMIT                   | line 2 of the rules: :MINE DROP [0:0] (expected: policy - for a user chain)
        *nat\\n-A FORWARD -j ACCEPT\\nCOMMIT                  | line 2 of the rules: -A FORWARD -j ACCEPT (expected: chain FORWARD declared first
        *filter\\n-A INPUT -j mine\\nCOMMIT                   | (expected: target mine to be a built-in target or a chain declared in this table)
        *filter\\n-A INPUT -m comment --comment "x -j DROP\\nCOMMIT | line 2 of the rules: -A INPUT -m comment --comment "x -j DROP (expected: a closing double quote)
        *filter\\niptables -A INPUT -j DROP\\nCOMMIT          | line 2 of the rules: iptables -A INPUT -j DROP (expected: *table, :CHAIN POLICY
        """)
    void rejectsWhatIptablesRestoreWouldRefuseWithTheLine(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IptablesRules(text.replace("\\n", "\n")));
        assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
    }
}
