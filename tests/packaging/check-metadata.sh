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
echo "packaging metadata: ok"
