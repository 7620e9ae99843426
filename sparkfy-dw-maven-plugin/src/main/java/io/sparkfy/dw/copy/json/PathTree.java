package io.sparkfy.dw.copy.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which JSON values go to which column, as a tree walked while the parser streams through a record: a key or
 * array index leads to a child, and a node where a path ends names its column. JSON 'auto' is the one-level tree
 * of the column names.
 */
public final class PathTree {

    final Map<String, PathTree> fields = new HashMap<>();
    final Map<Integer, PathTree> indexes = new HashMap<>();
    int column = -1;
    /** The keys in the order the records give them, and the child each leads to (null: not wanted). */
    private SerializedString[] order = new SerializedString[0];
    private PathTree[] orderChildren = new PathTree[0];
    /** JSON 'auto ignorecase': keys are compared in lower case (column names are lower case). */
    boolean ignoreCase;

    /** How many positions have a key expected. */
    int known() {
        return order.length;
    }

    SerializableString expectedAt(int position) {
        return order[position];
    }

    PathTree childAt(int position) {
        return orderChildren[position];
    }

    /** A key seen at a position it was not expected at: remembered there, and its child looked up. */
    PathTree learn(int position, String name) {
        if (position >= order.length) {
            order = Arrays.copyOf(order, position + 1);
            orderChildren = Arrays.copyOf(orderChildren, position + 1);
        }
        PathTree child = fields.get(ignoreCase ? name.toLowerCase(Locale.ROOT) : name);
        order[position] = new SerializedString(name);
        orderChildren[position] = child;
        return child;
    }

    /** JSON 'auto': a top-level key equal to a column's name fills that column, case-sensitively or not. */
    public static PathTree auto(List<String> columns, boolean ignoreCase) {
        PathTree root = new PathTree();
        root.ignoreCase = ignoreCase;
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            root.fields.computeIfAbsent(ignoreCase ? name.toLowerCase(Locale.ROOT) : name, k -> new PathTree())
                    .column = i;
        }
        return root;
    }

    /** A JSONPaths file: the i-th path fills the i-th column. */
    public static PathTree of(JsonPaths paths) {
        PathTree root = new PathTree();
        for (int i = 0; i < paths.paths().size(); i++) {
            PathTree node = root;
            for (Object segment : paths.paths().get(i).segments()) {
                node = segment instanceof Integer
                        ? node.indexes.computeIfAbsent((Integer) segment, k -> new PathTree())
                        : node.fields.computeIfAbsent((String) segment, k -> new PathTree());
            }
            node.column = i;
        }
        return root;
    }
}
