package io.chektbridge.daemon.status;

import static io.chektbridge.daemon.status.Html.esc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The HTML page at {@code GET /}, made for a walk-test on a phone: partition badges, zone tiles
 * with the walk-test count, the last events, then cloud, links and troubles in plain words. One
 * self-contained document (inline style and script, nothing external). The server renders all of
 * it, so it reads without scripts; with them, the {@code #live} part is fetched again ({@code
 * ?fragment=1}) whenever {@code /events} reports a change, and countdowns and "ago" times tick
 * every second.
 */
final class StatusPage {
  /** Without scripts the page reloads itself this often; with them it is live and never reloads. */
  static final int NOSCRIPT_REFRESH_SECONDS = 10;

  /**
   * What one rendering shows: the /status document, recent events, now, and the walk-test start or
   * null.
   */
  record View(
      Map<String, Object> status,
      List<String> notReady,
      List<EventStream.Published> recent,
      PageTime time,
      Instant walkFrom) {}

  private static final String STYLE =
      """
      *{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
      body{font:16px/1.4 system-ui,sans-serif;margin:0;padding:.6em;color:#1a1a1a;background:#f6f6f6;overflow-wrap:anywhere}
      header{display:flex;flex-wrap:wrap;gap:.3em .8em;align-items:baseline}h1{font-size:1.15em;margin:0}
      h2{font-size:1.05em;margin:1em 0 .4em}.muted{color:#666}.ok{color:#1b6e2e}.bad{color:#b00020}
      .warn{color:#8a4b00;font-size:.85em}
      .partitions{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,300px),1fr));gap:.6em;margin:.6em 0}
      .badge{border-radius:10px;padding:.7em .9em;color:#fff}.pname{font-size:.95em;opacity:.95}
      .pstate{font-size:2em;font-weight:700;line-height:1.15}.pdelay{font-size:1.5em;font-weight:700}
      .who{font-size:.9em}.s-alarm{background:#c62828}.s-delay{background:#f9a825;color:#1a1a1a}
      .s-armed{background:#1565c0}.s-disarmed{background:#2e7d32}.s-unknown{background:#616161}
      .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,150px),1fr));gap:.5em}
      .tile{background:#fff;border:2px solid #bbb;border-left-width:8px;border-radius:8px;padding:.45em .6em}
      .zname{font-size:.95em}.zstate{font-weight:700;font-size:1.1em}.zlast,.zwalk{font-size:.8em;color:#444}
      .z-normal{border-color:#2e7d32}.z-open{border-color:#f9a825}.z-alarm{border-color:#c62828;background:#fdecea}
      .z-tamper,.z-trouble,.z-low_battery{border-color:#e65100}.z-bypassed{border-color:#757575;background:#eee}
      .z-unknown{border-style:dashed;border-left-style:solid}.tested{outline:3px solid #1565c0}.tested .zwalk{color:#1565c0;font-weight:700}
      .walk{background:#e3f2fd;border-radius:8px;padding:.5em .7em;margin-bottom:.5em}
      #walk-count{font-size:1.3em;margin-right:.4em}
      .button{display:inline-block;padding:.35em .8em;border-radius:6px;background:#1565c0;color:#fff;text-decoration:none}
      .chip{font-size:.75em;background:#c62828;color:#fff;border-radius:4px;padding:0 .3em}
      .alert{background:#fdecea;border-left:5px solid #b00020;padding:.5em;margin:.4em 0}
      ol.events,.health ul{padding-left:1.2em;margin:0}ol.events li,.health li{margin:.2em 0;font-size:.92em}
      footer{margin-top:1.2em;font-size:.85em}
      @media(min-width:900px){body{padding:1em 2em}}
      """;

  /**
   * Fetches {@code #live} again on each partition or zone event (coalesced: one fetch in flight,
   * one more if something arrived meanwhile) and every 30 s for the figures that have no events
   * (outbox, links). Ticks use the server's clock: the offset is taken from {@code data-now} on
   * every fetch.
   */
  private static final String SCRIPT =
      """
      (function(){
      'use strict';
      var off=0,busy=false,again=false,state=document.getElementById('live-state');
      function span(s){s=Math.max(0,Math.floor(s));if(s<60)return s+' s';if(s<3600)return Math.floor(s/60)+' min';
      if(s<86400)return Math.floor(s/3600)+' h';return Math.floor(s/86400)+' d';}
      function sync(){off=Number(document.getElementById('live').dataset.now)-Date.now();}
      function tick(){var now=Date.now()+off;
      document.querySelectorAll('[data-ends]').forEach(function(e){e.textContent=span((Number(e.dataset.ends)-now)/1000)+' left';});
      document.querySelectorAll('[data-at]').forEach(function(e){e.textContent=span((now-Number(e.dataset.at))/1000)+' ago';});}
      function refresh(){if(busy){again=true;return;}busy=true;
      var q=new URLSearchParams(location.search);q.set('fragment','1');
      fetch(location.pathname+'?'+q.toString(),{cache:'no-store'}).then(function(r){
      if(!r.ok)throw new Error('HTTP '+r.status);return r.text();}).then(function(html){
      document.getElementById('live').outerHTML=html;sync();tick();}).catch(function(e){
      state.textContent='update failed ('+e.message+'), retrying';}).finally(function(){busy=false;
      if(again){again=false;refresh();}});}
      sync();tick();setInterval(tick,1000);setInterval(refresh,30000);
      var es=new EventSource('/events');
      es.onopen=function(){state.textContent='live';state.className='ok';refresh();};
      es.onerror=function(){state.textContent='reconnecting to the bridge…';state.className='bad';};
      ['partition','zone'].forEach(function(t){es.addEventListener(t,refresh);});
      })();
      """;

  private StatusPage() {}

  static String render(View v) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<noscript><meta http-equiv=\"refresh\" content=\"")
        .append(NOSCRIPT_REFRESH_SECONDS)
        .append("\"></noscript>")
        .append("<title>")
        .append(esc(title(v)))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    h.append("<header><h1>")
        .append(esc(title(v)))
        .append("</h1><span class=\"muted\">chekt-bridge ")
        .append(esc(v.status().get("version")))
        .append("</span><span id=\"live-state\" class=\"muted\">")
        .append("not live: reload to update</span></header>\n");
    live(h, v);
    h.append("<footer class=\"muted\">Times in ")
        .append(esc(v.time().zone().getId()))
        .append(
            ". Everything as JSON: <a href=\"/status\">/status</a> · <a href=\"/metrics\">/metrics</a> · ")
        .append("<a href=\"/audit\">/audit</a></footer>\n<script>")
        .append(SCRIPT)
        .append("</script>\n</body></html>\n");
    return h.toString();
  }

  /** The part that changes: what scripts fetch again with {@code ?fragment=1}. */
  static String live(View v) {
    StringBuilder h = new StringBuilder(12_288);
    live(h, v);
    return h.toString();
  }

  private static void live(StringBuilder h, View v) {
    h.append("<main id=\"live\" data-now=\"")
        .append(v.time().now().toEpochMilli())
        .append("\">\n<p>");
    h.append(
        v.notReady().isEmpty()
            ? "<span class=\"ok\">Bridge ready</span>"
            : "<span class=\"bad\">Bridge not ready: "
                + esc(String.join(", ", v.notReady()))
                + "</span>");
    h.append(" · up ")
        .append(PageTime.span(java.time.Duration.ofSeconds(number(v.status().get("uptime_s")))))
        .append(" · ")
        .append(v.time().clock(v.time().now()))
        .append("</p>\n");
    PartitionBadges.render(h, v);
    HealthWords.alerts(h, v);
    ZoneTiles.render(h, v);
    RecentEvents.render(h, v);
    HealthWords.render(h, v);
    h.append("</main>\n");
  }

  private static String title(View v) {
    Object id = map(v.status().get("site")).get("id");
    return id == null ? "chekt-bridge status" : "Site " + id;
  }

  /** A /status section that is a list of objects, as maps (anything else is skipped). */
  static List<Map<?, ?>> rows(Object section) {
    if (!(section instanceof Collection<?> list)) {
      return List.of();
    }
    return list.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
  }

  /** A /status section that is an object, or an empty map. */
  static Map<?, ?> map(Object section) {
    return section instanceof Map<?, ?> m ? m : Map.of();
  }

  static long number(Object n) {
    return n instanceof Number x ? x.longValue() : 0;
  }
}
