#!/usr/bin/env python3
# Fails unless po/POTFILES.in is sorted, lists only files that exist, and
# lists every file that has a translatable string.
#
# Usage: check-potfiles.py SRCDIR
#
# Translatable means: a C file under src/ calling _(), N_(), C_() or NC_();
# a GtkBuilder .ui file with translatable="yes"; a data file under data/
# that i18n.merge_file merges with the translations (*.desktop.in,
# *.metainfo.xml.in).
import os
import re
import sys

C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(')
UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
MERGED_SUFFIXES = ('.desktop.in', '.metainfo.xml.in')


def strip_c_comments(text):
    # Remove comments so a mention of _() in a comment does not count.
    return re.sub(r'/\*.*?\*/|//[^\n]*', '', text, flags=re.S)


def translatable_files(srcdir):
    found = set()
    for top in ('src', 'data'):
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            for name in files:
                path = os.path.join(root, name)
                rel = os.path.relpath(path, srcdir)
                if name.endswith(MERGED_SUFFIXES):
                    found.add(rel)
                    continue
                if name.endswith('.ui'):
                    with open(path, encoding='utf-8') as f:
                        if UI_TRANSLATABLE.search(f.read()):
                            found.add(rel)
                    continue
                if top == 'src' and name.endswith(('.c', '.h')):
                    with open(path, encoding='utf-8') as f:
                        if C_CALL.search(strip_c_comments(f.read())):
                            found.add(rel)
    return found


def main():
    srcdir = sys.argv[1]
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'),
              encoding='utf-8') as f:
        listed = [line.strip() for line in f
                  if line.strip() and not line.lstrip().startswith('#')]
    errors = []

    if listed != sorted(listed):
        for a, b in zip(listed, listed[1:]):
            if a > b:
                errors.append('not sorted: %s comes before %s' % (a, b))
    seen = set()
    for path in listed:
        if path in seen:
            errors.append('listed twice: %s' % path)
        seen.add(path)
        if not os.path.isfile(os.path.join(srcdir, path)):
            errors.append('listed but missing: %s' % path)
    for path in sorted(translatable_files(srcdir) - seen):
        errors.append('has translatable strings but is not listed: %s'
                      % path)

    for error in errors:
        print('po/POTFILES.in: ' + error)
    print('%d files listed, %d problems' % (len(listed), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
