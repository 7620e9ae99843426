package io.sparkfy.dw.copy.json;

/** What a JSONPath (or an 'auto' key) found in one record. MISSING: it selects nothing there. */
public enum ValueKind { MISSING, NULL, STRING, INTEGER, DECIMAL, BOOLEAN, STRUCTURE }
