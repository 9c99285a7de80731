#!/usr/bin/env bash
# The desktop file and the AppStream metainfo validate, and their ids match
# each other and the installed icon and MIME type.
set -euo pipefail
dir=${1:?packaging directory}
id=dev.streamscope.Streamscope
desktop-file-validate "$dir/$id.desktop"
appstreamcli validate --no-net --pedantic "$dir/$id.metainfo.xml" | tee /dev/stderr | grep -q "Validation was successful"
grep -q "<id>$id</id>" "$dir/$id.metainfo.xml"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$dir/$id.metainfo.xml"
grep -q "^Icon=$id$" "$dir/$id.desktop"
grep -q "^MimeType=application/x-streamscope-session;$" "$dir/$id.desktop"
grep -q 'mime-type type="application/x-streamscope-session"' "$dir/$id.mime.xml"
test -s "$dir/$id.svg"
# The Grafana dashboard is JSON and only queries series the recorder exports.
python3 - "$dir/grafana/streamscope.json" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
exported = {"streamscope_events_recorded_total", "streamscope_bytes_recorded_total", "streamscope_consumer_lag",
            "streamscope_event_latency_seconds_bucket", "streamscope_late_events_total", "streamscope_window_firings_total",
            "streamscope_bad_payloads_total", "streamscope_write_batch_seconds_bucket", "streamscope_write_batch_seconds_sum",
            "streamscope_write_batch_seconds_count"}
used = {m for p in d["panels"] for t in p["targets"] for m in re.findall(r"streamscope_\w+", t["expr"])}
assert used <= exported, used - exported
assert len(d["panels"]) >= 6
PY
echo "packaging metadata: ok"
