#!/usr/bin/env bash
# Prints the radar(1) man page, in roff, made from `radar --help` and each command's own --help.
#   deploy/package/man.sh RADAR VERSION
set -euo pipefail
radar=$1 version=$2

# Escapes text for roff: backslashes, and a leading dot or apostrophe that roff would read as a request.
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" -e 's/-/\\-/g'; }

help=$("$radar" --help)
overview=$(printf '%s\n' "$help" | awk '/^OVERVIEW:/ { sub(/^OVERVIEW: */, ""); on = 1 } /^$/ { on = 0 } on' | tr '\n' ' ')
commands=$(printf '%s\n' "$help" | awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')

printf '.TH RADAR 1 "%s" "commitment-radar %s" "User Commands"\n' "$(date -u +%Y-%m-%d)" "$version"
printf '.SH NAME\nradar \\- %s\n' "$(printf '%s' "$overview" | roff)"
printf '.SH SYNOPSIS\n.B radar\n.I command\n[\\fIoptions\\fR]\n'
printf '.SH DESCRIPTION\n'
printf '%s\n' "$overview" | roff
printf '.PP\nEvery command reads the database from \\fB\\-\\-database\\-url\\fR or \\fBDATABASE_URL\\fR; '
printf 'the units read theirs from \\fI/etc/radar/radar.env\\fR.\n'
printf '.SH COMMANDS\n'
for command in $commands; do
    printf '.TP\n.B radar %s\n' "$command"
    "$radar" "$command" --help 2>/dev/null | awk '/^OVERVIEW:/ { sub(/^OVERVIEW: */, ""); on = 1 } /^$/ { on = 0 } on' |
        tr '\n' ' ' | roff
    printf '\n'
done
printf '.SH FILES\n.TP\n.I /etc/radar/radar.env\nSettings of radar.service and radar\\-migrate.service.\n'
printf '.SH SEE ALSO\n.BR systemctl (1),\n.BR psql (1)\n'
