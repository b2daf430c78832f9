package dev.orgexport.console.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void text_and_attribute_values_are_escaped() {
        String html = new Html().element("p", "<script>alert('x')</script> & \"q\"", "title", "\"><img src=x>").render();

        assertThat(html).isEqualTo("<p title=\"&quot;&gt;&lt;img src=x&gt;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; "
                + "&amp; &quot;q&quot;</p>");
    }

    @Test
    void a_null_attribute_is_left_out_and_an_empty_one_is_boolean() {
        assertThat(new Html().empty("input", "id", "a", "title", null, "checked", "").render())
                .isEqualTo("<input id=\"a\" checked>");
    }

    @Test
    void tag_and_attribute_names_cannot_carry_markup() {
        assertThatThrownBy(() -> new Html().open("p onclick=alert(1)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a tag or attribute name");
        assertThatThrownBy(() -> new Html().open("p", "x\"y", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("p", "id")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name, value pairs");
    }

    @Test
    void a_select_labels_itself_and_marks_the_chosen_option() {
        String html = new Html().select("status", "Status", java.util.List.of("SUCCESS", "FAILURE"), "FAILURE").render();

        assertThat(html).startsWith("<label for=\"status\">Status</label><select id=\"status\" name=\"status\">")
                .contains("<option value=\"FAILURE\" selected>FAILURE</option>")
                .contains("<option value=\"SUCCESS\">SUCCESS</option>");
    }
}
