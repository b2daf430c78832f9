package dev.orgexport.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlTest {

    @Test
    void metric_names_matched_labels_and_grouping_labels_are_extracted() {
        PromQl.Result result = PromQl.parse("sum by (operation) (rate(orgexport_platform_retries_total{kind=\"RATE_LIMITED\"}[5m]))"
                + " / on_nothing_metric > 30 * 60");

        assertThat(result.metrics()).containsExactly("orgexport_platform_retries_total", "on_nothing_metric");
        assertThat(result.matchedLabels().get("orgexport_platform_retries_total")).containsExactly("kind");
        assertThat(result.groupedBy().get("orgexport_platform_retries_total")).containsExactly("operation");
    }

    @Test
    void grouping_after_the_argument_and_bool_comparisons_are_understood() {
        PromQl.Result result = PromQl.parse("max(orgexport_windows_missing{org=~\"a|b\"}) without (kind) == bool 1");

        assertThat(result.groupedBy().get("orgexport_windows_missing")).containsExactly("kind");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sum(rate(m[5m])",                    // unbalanced parenthesis
        "sum(rate(m[5m])))",                  // one too many
        "rates(m[5m])",                       // unknown function
        "m{kind=RATE_LIMITED}",               // unquoted label value
        "m{kind==\"x\"}",                     // not a matcher operator
        "rate(m[5 minutes])",                 // not a duration
        "m{kind=~\"(unclosed\"}",             // bad regular expression
        "sum by (org (m)",                    // broken label list
        "m >",                                // operator without operand
        "30 * 60",                            // no metric at all
        "m @ 5"                               // unknown character
    })
    void what_is_not_understood_is_rejected_with_its_position(String expression) {
        assertThatThrownBy(() -> PromQl.parse(expression)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(?s).*( at \\d+ in: |no metric in ).*");
    }
}
