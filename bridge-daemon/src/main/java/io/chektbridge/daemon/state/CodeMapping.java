package io.chektbridge.daemon.state;

/**
 * What one code means: the meaning, its refinement ({@code kind}: alarm type, trouble type,
 * arm-failure reason or exit-delay mode; may be null) and the table line that said so, for the
 * audit log and walk-test ("CID E130", "SIA BA", "event_map CID E750", "category alarm").
 */
public record CodeMapping(Meaning meaning, String kind, String matchedBy) {}
