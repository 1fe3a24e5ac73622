package pay.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormsTest {

    @Test
    void namesAndValuesAreExactlyWhatPercentDecodingGives() {
        assertThat(Forms.decode("txn_id+=1&%20txn_id=2&txn_id%09=3&Amount=4&amount=5&CamelFoo=6&a%3Db=c%26d&p=%2B+x"))
                .containsExactly(Map.entry("txn_id ", "1"), Map.entry(" txn_id", "2"), Map.entry("txn_id\t", "3"),
                        Map.entry("Amount", "4"), Map.entry("amount", "5"), Map.entry("CamelFoo", "6"),
                        Map.entry("a=b", "c&d"), Map.entry("p", "+ x"));
    }

    @Test
    void aRepeatedNameIsKeptAsOftenAsItWasGiven() {
        assertThat(Forms.decode("a=1&a=1&b=2")).containsExactly(Map.entry("a", "1"), Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    void emptyPiecesAreNoFieldsAndANameWithoutEqualsHasAnEmptyValue() {
        assertThat(Forms.decode("")).isEmpty();
        assertThat(Forms.decode("&&a=1&&b&c=&")).containsExactly(Map.entry("a", "1"), Map.entry("b", ""), Map.entry("c", ""));
    }

    @Test
    void utf8ComesThroughEscapedOrNot() {
        assertThat(Forms.decode("sell_note=gift+wrap+%C3%BC+%26+co&sell_x=ü€😀")).containsExactly(
                Map.entry("sell_note", "gift wrap ü & co"), Map.entry("sell_x", "ü€😀"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=1%", "a=%2", "a=%zz", "a=%-1", "a=%٥٥", "a%=1", "a=%FF", "a=%C3", "a=%E2%82",
            "a=%ED%A0%80", "a=%C0%AF", "=1", "=", "a=1&=2"})
    void aBrokenEscapeEscapedBytesThatAreNotUtf8OrAFieldWithoutANameAreRefused(String body) {
        assertThatThrownBy(() -> Forms.decode(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodingGivesBackWhatEncodingWrote() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(" a b ", "x+y z&=%");
        fields.put("sell_ü", "😀\t\n");
        fields.put("CamelHttpUri", "");
        assertThat(Forms.decode(Forms.encode(fields))).containsExactlyElementsOf(List.copyOf(fields.entrySet()));
    }
}
