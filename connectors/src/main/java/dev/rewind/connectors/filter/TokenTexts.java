package dev.rewind.connectors.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link TokenText}s found in one pass over a line: candidates are picked by their
 * case-folded first byte from a 256-entry table, so a level filter with four spellings (ERROR, ERR,
 * SEVERE, FAILURE) costs one scan of the line, not four. Immutable.
 */
final class TokenTexts implements Serializable {
    private final TokenText[][] byFirstByte = new TokenText[256][];

    TokenTexts(List<TokenText> texts) {
        List<List<TokenText>> table = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            table.add(new ArrayList<>());
        }
        for (TokenText text : texts) {
            int first = text.firstByte() & 0xFF;
            table.get(first).add(text);
            if (first >= 'a' && first <= 'z') {
                table.get(first - 32).add(text);
            }
        }
        for (int i = 0; i < 256; i++) {
            byFirstByte[i] = table.get(i).isEmpty() ? null : table.get(i).toArray(TokenText[]::new);
        }
    }

    boolean anyFoundIn(byte[] line, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            TokenText[] candidates = byFirstByte[line[i] & 0xFF];
            if (candidates == null) {
                continue;
            }
            for (TokenText candidate : candidates) {
                if (candidate.matchesAt(line, offset, end, i)) {
                    return true;
                }
            }
        }
        return false;
    }
}
