package io.sparkfy.dw.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the report's single, self-contained HTML page. Tables are rendered here, every value HTML-escaped; the
 * charts are empty {@code <svg data-chart>} elements that the page's inline script draws from an inline JSON
 * block (whose strings escape {@code < > &}). A Content-Security-Policy allows nothing to load from anywhere and
 * runs only this script and style, by hash.
 */
final class ReportHtml {

    /**
     * How a query is shown; queries that this class does not know are shown as tables. A NOTE is no card of its
     * own: its sentence goes into the cards it explains.
     */
    enum Kind { COUNTS, COLUMNS, BARS, LINE, TABLE, NOTE }

    /** How one query is shown; a query with a {@code group} is a part of that group's one wide card. */
    record Section(Kind kind, String heading, String labelColumn, String valueColumn, boolean wide, String group) {
        Section(Kind kind, String heading, String labelColumn, String valueColumn, boolean wide) {
            this(kind, heading, labelColumn, valueColumn, wide, null);
        }
    }

    /** The card that gathers the run history's queries. */
    static final String LOADS = "Loads";

    static final Map<String, Section> SECTIONS = Map.ofEntries(
            Map.entry("row_counts", new Section(Kind.COUNTS, "Warehouse", "table_name", "row_count", true)),
            Map.entry("plays_per_hour", new Section(Kind.COLUMNS, "Plays per hour of day (UTC)", "hour_of_day", "plays",
                    true)),
            Map.entry("plays_per_weekday", new Section(Kind.COLUMNS, "Plays per weekday (UTC)", "weekday_name",
                    "plays", false)),
            Map.entry("match_rate", new Section(Kind.NOTE, "Plays matched to a song", "plays", "matched_plays",
                    false)),
            Map.entry("top_songs", new Section(Kind.TABLE, "Top 10 songs", null, null, false)),
            Map.entry("top_artists", new Section(Kind.TABLE, "Top 10 artists", null, null, false)),
            Map.entry("plays_by_level", new Section(Kind.BARS, "Free vs paid", "level", "plays", false)),
            Map.entry("plays_by_browser", new Section(Kind.BARS, "Browsers", "browser", "plays", false)),
            Map.entry("plays_by_os", new Section(Kind.BARS, "Operating systems", "os", "plays", false)),
            Map.entry("plays_per_day", new Section(Kind.LINE, "Plays per day (UTC)", "play_date", "plays", true)),
            Map.entry("freshness", new Section(Kind.TABLE, "Freshness (UTC)", null, null, true, LOADS)),
            Map.entry("recent_runs", new Section(Kind.TABLE, "Recent runs (UTC)", null, null, true, LOADS)),
            Map.entry("rows_loaded_per_day", new Section(Kind.TABLE, "Rows loaded per day (UTC)", null, null, true,
                    LOADS)),
            Map.entry(ReportWriter.LAST_CHECKS, new Section(Kind.TABLE, "Checks (last run)", null, null, true)));

    private ReportHtml() {
    }

    static String render(List<ReportTable> tables, String generated, String database, long totalMillis) {
        Map<String, Object> charts = new LinkedHashMap<>();
        StringBuilder header = new StringBuilder();
        StringBuilder body = new StringBuilder();
        String group = null; // the group whose card is open
        String matched = matchRate(tables);
        for (ReportTable table : tables) {
            String name = table.query().name();
            Section section = SECTIONS.getOrDefault(name, new Section(Kind.TABLE, humanize(name), null, null, true));
            if (section.kind() == Kind.NOTE) {
                continue; // told in the cards it explains
            }
            if (section.kind() == Kind.COUNTS) {
                header.append("<table class=\"counts\" data-table=\"").append(escape(name)).append("\">")
                        .append("<caption>").append(escape(table.query().description())).append("</caption>");
                rows(table, header, false);
                header.append("</table>\n");
                continue;
            }
            if (group != null && !group.equals(section.group())) {
                body.append("</section>\n");
                group = null;
            }
            if (section.group() != null) {
                if (group == null) {
                    group = section.group();
                    body.append("<section class=\"card wide group\" id=\"").append(escape(id(group)))
                            .append("\">\n<h2>").append(escape(group)).append("</h2>\n");
                }
                body.append("<div class=\"part\" id=\"").append(escape(name)).append("\">\n<h3>")
                        .append(escape(section.heading())).append("</h3>\n");
            } else {
                body.append("<section class=\"card").append(section.wide() ? " wide" : "").append("\" id=\"")
                        .append(escape(name)).append("\">\n<h2>").append(escape(section.heading())).append("</h2>\n");
            }
            body.append("<p class=\"what\">").append(escape(table.query().description())).append("</p>\n");
            if (matched != null && MATCHED_ONLY.contains(name)) {
                body.append(matched);
            }
            if (section.kind() == Kind.TABLE) {
                body.append("<table data-table=\"").append(escape(name)).append("\">");
                rows(table, body, section.group() == null);
                body.append("</table>\n");
            } else {
                charts.put(name, chart(table, section));
                body.append("<svg class=\"chart ").append(section.kind().name().toLowerCase(Locale.ROOT))
                        .append("\" data-chart=\"").append(escape(name)).append("\" data-kind=\"")
                        .append(section.kind().name().toLowerCase(Locale.ROOT)).append("\" role=\"img\" aria-label=\"")
                        .append(escape(section.heading())).append("\"></svg>\n")
                        .append("<details><summary>Data</summary><table data-table=\"").append(escape(name))
                        .append("\">");
                rows(table, body, false);
                body.append("</table></details>\n");
            }
            body.append(section.group() != null ? "</div>\n" : "</section>\n");
        }
        if (group != null) {
            body.append("</section>\n");
        }
        String data = ReportJson.write(Map.of("charts", charts));
        String csp = "default-src 'none'; base-uri 'none'; form-action 'none'; style-src '" + sha256(CSS)
                + "'; script-src '" + sha256(SCRIPT) + "'";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"generator\" content=\"sparkfy-dw report\">\n"
                + "<title>Sparkfy listening report</title>\n<style>" + CSS + "</style>\n</head>\n<body>\n"
                + "<header>\n<div>\n<h1>Sparkfy listening report</h1>\n<p class=\"meta\">Generated <time datetime=\""
                + escape(generated) + "\">" + escape(generated) + "</time> from " + escape(database) + "</p>\n</div>\n"
                + header + "</header>\n<main>\n" + body + "</main>\n<footer>"
                + tables.stream().filter(t -> !t.query().sql().isEmpty()).count()
                + " queries (sparkfy-dw/report/*.sql of sparkfy-dw-sql) in " + totalMillis
                + " ms. Times are the warehouse's, in UTC.</footer>\n"
                + "<script type=\"application/json\" id=\"report-data\">" + data + "</script>\n"
                + "<script>" + SCRIPT + "</script>\n</body>\n</html>\n";
    }

    /** The tables that count only the plays matched to a song: the match rate is told beside them. */
    static final List<String> MATCHED_ONLY = List.of("top_songs", "top_artists");

    /**
     * "1 of 6,820 plays (0.01 %) matched a song of the catalogue: only those count here.", as a paragraph whose
     * attributes carry the counts; null without the match_rate query or without plays.
     */
    static String matchRate(List<ReportTable> tables) {
        for (ReportTable table : tables) {
            if (table.query().name().equals("match_rate") && !table.rows().isEmpty()) {
                Section section = SECTIONS.get("match_rate");
                long plays = ReportTable.asLong(table.rows().get(0).get(table.column(section.labelColumn())));
                long matched = ReportTable.asLong(table.rows().get(0).get(table.column(section.valueColumn())));
                if (plays == 0) {
                    return null;
                }
                double percent = 100.0 * matched / plays;
                String text = matched == plays
                        ? String.format(Locale.US, "All %,d plays matched a song of the catalogue.", plays)
                        : String.format(Locale.US, "%,d of %,d plays (%s %%) matched a song of the catalogue"
                                + " (title, artist and length): only those count here.", matched, plays,
                                String.format(Locale.US, percent < 1 ? "%.2f" : "%.1f", percent));
                return "<p class=\"match\" data-matched=\"" + matched + "\" data-plays=\"" + plays + "\">"
                        + escape(text) + "</p>\n";
            }
        }
        return null;
    }

    /** The series a chart draws: labels and values, one per bar or point; per-day series get their empty days. */
    private static Map<String, Object> chart(ReportTable table, Section section) {
        int label = table.column(section.labelColumn());
        int value = table.column(section.valueColumn());
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            labels.add(ReportTable.asText(row.get(label)));
            values.add(ReportTable.asLong(row.get(value)));
        }
        if (section.kind() == Kind.LINE) {
            fillDays(labels, values);
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("kind", section.kind().name().toLowerCase(Locale.ROOT));
        chart.put("unit", section.valueColumn());
        chart.put("labels", labels);
        chart.put("values", values);
        return chart;
    }

    /** Adds the days without plays between the first and the last day, as 0, when the labels are dates. */
    static void fillDays(List<String> labels, List<Long> values) {
        if (labels.size() < 2) {
            return;
        }
        List<LocalDate> days = new ArrayList<>();
        try {
            for (String label : labels) {
                days.add(LocalDate.parse(label));
            }
        } catch (DateTimeParseException e) {
            return;
        }
        long span = ChronoUnit.DAYS.between(days.get(0), days.get(days.size() - 1));
        if (span < 0 || span > 3660) {
            return;
        }
        Map<LocalDate, Long> byDay = new LinkedHashMap<>();
        for (int i = 0; i < days.size(); i++) {
            byDay.merge(days.get(i), values.get(i), Long::sum);
        }
        labels.clear();
        values.clear();
        for (LocalDate day = days.get(0); !day.isAfter(days.get(days.size() - 1)); day = day.plusDays(1)) {
            labels.add(day.toString());
            values.add(byDay.getOrDefault(day, 0L));
        }
    }

    private static void rows(ReportTable table, StringBuilder out, boolean ranked) {
        out.append("<thead><tr>");
        if (ranked) {
            out.append("<th class=\"num\">#</th>");
        }
        for (String column : table.columns()) {
            out.append("<th>").append(escape(humanize(column))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        if (table.rows().isEmpty()) {
            out.append("<tr><td class=\"none\" colspan=\"").append(table.columns().size() + (ranked ? 1 : 0))
                    .append("\">No rows</td></tr>");
        }
        int rank = 0;
        for (List<Object> row : table.rows()) {
            out.append("<tr>");
            if (ranked) {
                out.append("<td class=\"num\">").append(++rank).append("</td>");
            }
            for (Object value : row) {
                if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    out.append("<td class=\"num\">").append(String.format(Locale.US, "%,d", (Number) value));
                } else if (value instanceof Number) {
                    out.append("<td class=\"num\">").append(escape(ReportTable.asText(value)));
                } else {
                    out.append("<td>").append(escape(ReportTable.asText(value)));
                }
                out.append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody>");
    }

    /** A group's name as an element id: "Loads" is {@code loads}. */
    static String id(String group) {
        return group.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    static String humanize(String column) {
        String text = column.replace('_', ' ');
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Escapes text for HTML element content and quoted attribute values alike. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String CSS = """
            :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bar:#2563eb;--bar-hover:#1e40af;--card:#fff;--bg:#f3f4f6}
            *{box-sizing:border-box}
            body{margin:0;padding:24px;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            header,main,footer{max-width:1200px;margin:0 auto}
            header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:flex-start;gap:16px}
h1{margin:0 0 4px;font-size:26px}
            h2{margin:0 0 2px;font-size:17px}
            h3{margin:12px 0 2px;font-size:14.5px}
            .meta,.what,footer{color:var(--muted)}
            .what{margin:0 0 10px;font-size:12.5px}
            .match{margin:0 0 10px;font-size:12.5px;color:#92400e;background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:4px 8px}
            main{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-top:16px}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;min-width:0}
            .card.wide{grid-column:1/-1}
            table{border-collapse:collapse;width:100%;font-size:13px}
            caption{text-align:left;color:var(--muted);font-size:12.5px;padding-bottom:6px}
            th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
            th{font-weight:600;background:#f9fafb;white-space:nowrap;overflow-wrap:normal}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .none{color:var(--muted);font-style:italic}
            table.counts{width:auto;min-width:360px;background:var(--card)}
            details{margin-top:6px}
            summary{cursor:pointer;color:var(--muted);font-size:12.5px}
            svg.chart{display:block;width:100%;height:auto;overflow:visible}
            svg .bar{fill:var(--bar)}
            svg .bar:hover{fill:var(--bar-hover)}
            svg .grid{stroke:var(--line);stroke-width:1}
            svg .axis{stroke:#9ca3af;stroke-width:1}
            svg text{fill:var(--ink);font-size:12px}
            svg text.tick{fill:var(--muted);font-size:11px}
            svg text.value{font-size:11px}
            svg text.empty{fill:var(--muted);font-size:14px}
            svg .line{fill:none;stroke:var(--bar);stroke-width:2}
            svg .area{fill:var(--bar);fill-opacity:.12;stroke:none}
            svg .point{fill:var(--bar);stroke:#fff;stroke-width:1}
            footer{margin-top:16px;font-size:12px}
            @media (max-width:800px){main{grid-template-columns:1fr}}
            @media print{body{background:#fff;padding:0}.card{break-inside:avoid}}
            """;

    static final String SCRIPT = """
            (function () {
              'use strict';
              var body = document.body;
              try {
                var data = JSON.parse(document.getElementById('report-data').textContent);
                var svgs = document.querySelectorAll('svg[data-chart]');
                var drawn = 0;
                for (var i = 0; i < svgs.length; i++) {
                  var chart = data.charts[svgs[i].getAttribute('data-chart')];
                  if (!chart) { continue; }
                  if (chart.kind === 'columns') { columns(svgs[i], chart); }
                  else if (chart.kind === 'bars') { bars(svgs[i], chart); }
                  else if (chart.kind === 'line') { line(svgs[i], chart); }
                  else { continue; }
                  drawn++;
                }
                body.setAttribute('data-charts-drawn', String(drawn));
              } catch (e) {
                body.setAttribute('data-report-error', String((e && e.message) || e));
                throw e;
              }

              function el(parent, name, attrs, text) {
                var node = document.createElementNS(parent.namespaceURI, name);
                for (var key in attrs) {
                  if (Object.prototype.hasOwnProperty.call(attrs, key)) { node.setAttribute(key, String(attrs[key])); }
                }
                if (text !== undefined) { node.textContent = text; }
                parent.appendChild(node);
                return node;
              }
              function fmt(n) { return Number(n).toLocaleString('en-US'); }
              function sum(values) { var s = 0; for (var i = 0; i < values.length; i++) { s += values[i]; } return s; }
              function max(values) { var m = 0; for (var i = 0; i < values.length; i++) { m = Math.max(m, values[i]); } return m; }
              function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + '\\u2026' : text; }
              function scale(top) {
                if (top <= 0) { return { top: 1, step: 1 }; }
                var raw = top / 4, pow = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10)), m = raw / pow;
                var step = Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow);
                return { top: Math.ceil(top / step) * step, step: step };
              }
              function grid(svg, left, top, width, height, s) {
                for (var v = 0; v <= s.top; v += s.step) {
                  var y = top + height - height * v / s.top;
                  el(svg, 'line', { 'class': v === 0 ? 'axis' : 'grid', x1: left, x2: left + width, y1: y.toFixed(1), y2: y.toFixed(1) });
                  el(svg, 'text', { 'class': 'tick', x: left - 6, y: (y + 4).toFixed(1), 'text-anchor': 'end' }, fmt(v));
                }
              }
              function tip(node, chart, i) {
                el(node, 'title', {}, chart.labels[i] + ': ' + fmt(chart.values[i]) + ' ' + chart.unit);
              }
              function nothing(svg, values, w, h) {
                if (max(values) === 0) {
                  el(svg, 'text', { 'class': 'empty', x: w / 2, y: h / 2, 'text-anchor': 'middle' }, 'No plays');
                }
              }
              function width(svg, fallback) {
                var w = svg.getBoundingClientRect().width;
                return w > 100 ? Math.round(w) : fallback;
              }
              function columns(svg, chart) {
                var W = width(svg, 1000), H = 280, L = 48, R = 8, T = 18, B = 30, n = chart.values.length;
                svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
                var s = scale(max(chart.values)), pw = W - L - R, ph = H - T - B, slot = pw / Math.max(n, 1);
                var bw = Math.max(1, slot * 0.7);
                grid(svg, L, T, pw, ph, s);
                var g = el(svg, 'g', { 'class': 'bars' });
                for (var i = 0; i < n; i++) {
                  var v = chart.values[i], h = ph * v / s.top, x = L + i * slot + (slot - bw) / 2, y = T + ph - h;
                  tip(el(g, 'rect', { 'class': 'bar', 'data-value': v, 'data-label': chart.labels[i],
                    x: x.toFixed(1), y: y.toFixed(1), width: bw.toFixed(1), height: h.toFixed(1), rx: 2 }), chart, i);
                  if (v > 0) { el(g, 'text', { 'class': 'value', x: (x + bw / 2).toFixed(1), y: (y - 4).toFixed(1), 'text-anchor': 'middle' }, fmt(v)); }
                  el(svg, 'text', { 'class': 'tick', x: (x + bw / 2).toFixed(1), y: T + ph + 18, 'text-anchor': 'middle' }, clip(chart.labels[i], 12));
                }
                nothing(svg, chart.values, W, H);
              }
              function bars(svg, chart) {
                var n = chart.values.length, W = width(svg, 560), L = 130, R = 90, T = 6, row = 30, H = 2 * T + Math.max(n, 1) * row;
                svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
                var top = max(chart.values), total = sum(chart.values), pw = W - L - R;
                el(svg, 'line', { 'class': 'axis', x1: L, x2: L, y1: T, y2: H - T });
                for (var i = 0; i < n; i++) {
                  var v = chart.values[i], y = T + i * row, w = top > 0 ? pw * v / top : 0;
                  el(svg, 'text', { x: L - 8, y: y + row / 2 + 4, 'text-anchor': 'end' }, clip(chart.labels[i], 20));
                  tip(el(svg, 'rect', { 'class': 'bar', 'data-value': v, 'data-label': chart.labels[i],
                    x: L, y: y + 5, width: w.toFixed(1), height: row - 10, rx: 3 }), chart, i);
                  el(svg, 'text', { 'class': 'value', x: (L + w + 6).toFixed(1), y: y + row / 2 + 4 },
                    fmt(v) + (total > 0 ? ' (' + Math.round(100 * v / total) + '%)' : ''));
                }
                nothing(svg, chart.values, W, H);
              }
              function line(svg, chart) {
                var W = width(svg, 1000), H = 260, L = 48, R = 16, T = 18, B = 30, n = chart.values.length;
                svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
                var s = scale(max(chart.values)), pw = W - L - R, ph = H - T - B, points = [];
                grid(svg, L, T, pw, ph, s);
                for (var i = 0; i < n; i++) {
                  points.push([L + (n === 1 ? pw / 2 : pw * i / (n - 1)), T + ph - ph * chart.values[i] / s.top]);
                }
                var path = points.map(function (p) { return p[0].toFixed(1) + ',' + p[1].toFixed(1); }).join(' ');
                if (n > 1) {
                  el(svg, 'polygon', { 'class': 'area', points: L + ',' + (T + ph) + ' ' + path + ' ' + (L + pw) + ',' + (T + ph) });
                  el(svg, 'polyline', { 'class': 'line', points: path });
                }
                var g = el(svg, 'g', { 'class': 'points' });
                for (var j = 0; j < n; j++) {
                  tip(el(g, 'circle', { 'class': 'point', 'data-value': chart.values[j], 'data-label': chart.labels[j],
                    cx: points[j][0].toFixed(1), cy: points[j][1].toFixed(1), r: n > 120 ? 2 : 3.5 }), chart, j);
                }
                xLabels(svg, chart.labels, points, T + ph + 18);
                nothing(svg, chart.values, W, H);
              }
              // The x axis's labels, thinned so that none touches the next: every k-th point, k from the labels'
              // measured width and the room between points; the first and the last always show (the one before
              // the last makes way for it). Each drawn label records where it lies (data-left, data-right).
              function xLabels(svg, labels, points, y) {
                var n = labels.length, gap = 12, longest = '';
                for (var i = 0; i < n; i++) { if (labels[i].length > longest.length) { longest = labels[i]; } }
                var probe = el(svg, 'text', { 'class': 'tick', x: 0, y: y, visibility: 'hidden' }, longest);
                var w = probe.getComputedTextLength() || longest.length * 7;
                svg.removeChild(probe);
                var room = n > 1 ? (points[n - 1][0] - points[0][0]) / (n - 1) : Infinity;
                var every = Math.max(1, Math.ceil((w + gap) / room)), kept = [];
                function place(j) {
                  var anchor = n > 1 && j === 0 ? 'start' : n > 1 && j === n - 1 ? 'end' : 'middle', x = points[j][0];
                  var left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
                  return { j: j, anchor: anchor, left: left, right: left + w };
                }
                for (var j = 0; j < n; j += every) {
                  var p = place(j);
                  if (!kept.length || p.left >= kept[kept.length - 1].right + gap) { kept.push(p); }
                }
                if (n > 1 && kept[kept.length - 1].j !== n - 1) {
                  var last = place(n - 1);
                  while (kept.length > 1 && kept[kept.length - 1].right + gap > last.left) { kept.pop(); }
                  if (kept[kept.length - 1].right + gap <= last.left) { kept.push(last); }
                }
                for (var k = 0; k < kept.length; k++) {
                  var t = el(svg, 'text', { 'class': 'tick x', x: points[kept[k].j][0].toFixed(1), y: y,
                    'text-anchor': kept[k].anchor }, labels[kept[k].j]);
                  var box = t.getBBox();
                  t.setAttribute('data-left', box.x.toFixed(1));
                  t.setAttribute('data-right', (box.x + box.width).toFixed(1));
                }
              }
            })();
            """;
}
