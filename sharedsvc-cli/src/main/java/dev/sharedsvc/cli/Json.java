package dev.sharedsvc.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes the status as JSON (RFC 8259): maps as objects in their order, lists as arrays, strings, numbers,
 * booleans and {@code null}. Written by hand: the output is small, and the jar needs no JSON library for it.
 */
final class Json {

    private Json() {
    }

    /** {@code value} as indented JSON. */
    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(text, value, "");
        return text.toString();
    }

    private static void write(StringBuilder text, Object value, String indent) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String) {
            string(text, (String) value);
        } else if (value instanceof Number || value instanceof Boolean) {
            number(text, value);
        } else if (value instanceof Map) {
            object(text, (Map<?, ?>) value, indent);
        } else if (value instanceof List) {
            array(text, (List<?>) value, indent);
        } else {
            string(text, value.toString());
        }
    }

    private static void number(StringBuilder text, Object value) {
        if (value instanceof Double && !Double.isFinite((Double) value)) {
            text.append("null");
        } else {
            text.append(value);
        }
    }

    private static void object(StringBuilder text, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            text.append("{}");
            return;
        }
        String inner = indent + "  ";
        text.append("{\n");
        for (Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<?, ?> entry = entries.next();
            string(text.append(inner), entry.getKey().toString());
            write(text.append(": "), entry.getValue(), inner);
            text.append(entries.hasNext() ? ",\n" : "\n");
        }
        text.append(indent).append('}');
    }

    private static void array(StringBuilder text, List<?> list, String indent) {
        if (list.isEmpty()) {
            text.append("[]");
            return;
        }
        String inner = indent + "  ";
        text.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            write(text.append(inner), list.get(i), inner);
            text.append(i < list.size() - 1 ? ",\n" : "\n");
        }
        text.append(indent).append(']');
    }

    private static void string(StringBuilder text, String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    text.append("\\\"");
                    break;
                case '\\':
                    text.append("\\\\");
                    break;
                case '\n':
                    text.append("\\n");
                    break;
                case '\r':
                    text.append("\\r");
                    break;
                case '\t':
                    text.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
            }
        }
        text.append('"');
    }
}
