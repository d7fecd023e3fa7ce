#!/usr/bin/env python3
# Fails unless every message SeqAck shows has a finished translation.
#
# Usage: check-po.py SRCDIR LANG...
#
# Two checks per language:
#  1. msgfmt --check on po/LANG.po itself: no syntax or format-string error,
#     no fuzzy and no untranslated message;
#  2. the same statistics after merging po/LANG.po with a template freshly
#     extracted from po/POTFILES.in, so a string that a source file added but
#     nobody translated (and that is thus missing from the .po) fails too.
import os
import re
import subprocess
import sys
import tempfile

# The keywords of i18n.gettext (preset: 'glib'), see meson's i18n module.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format', '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

STATS = re.compile(r'(\d+) (translated|fuzzy|untranslated)')


def statistics(po_path):
    """Returns (ok, counts, output) from msgfmt --check --statistics."""
    proc = subprocess.run(
        ['msgfmt', '--check', '--statistics', '-o', os.devnull, po_path],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env=dict(os.environ, LC_ALL='C'))
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in STATS.findall(proc.stdout):
        counts[kind] = int(number)
    return proc.returncode == 0, counts, proc.stdout.strip()


def untranslated_ids(po_path):
    """The msgids msgattrib reports as untranslated or fuzzy, for the log."""
    out = []
    for flag in ('--untranslated', '--only-fuzzy'):
        proc = subprocess.run(
            ['msgattrib', flag, '--no-obsolete', '--no-wrap', po_path],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in proc.stdout.splitlines():
            if line.startswith('msgid "') and line != 'msgid ""':
                out.append(line[len('msgid '):])
    return out


def check(label, po_path):
    ok, counts, output = statistics(po_path)
    print('%s: %s' % (label, output))
    good = ok and counts['translated'] > 0 \
        and counts['fuzzy'] == 0 and counts['untranslated'] == 0
    if not good:
        for msgid in untranslated_ids(po_path)[:50]:
            print('  not translated: %s' % msgid)
    return good


def main():
    srcdir, langs = sys.argv[1], sys.argv[2:]
    podir = os.path.join(srcdir, 'po')
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'seqack.pot')
        # Run from the source root: POTFILES.in paths are relative to it.
        subprocess.run(['xgettext', *XGETTEXT_ARGS, '--package-name=seqack',
                        '--files-from', os.path.join(podir, 'POTFILES.in'),
                        '--directory', srcdir, '--output', pot],
                       check=True, cwd=srcdir)
        for lang in langs:
            po = os.path.join(podir, lang + '.po')
            if not check(lang + '.po', po):
                failed = True
            if not os.path.exists(pot):
                # xgettext writes nothing when no source has a string yet.
                continue
            merged = os.path.join(tmp, lang + '.merged.po')
            subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching',
                            '--output-file', merged, po, pot], check=True)
            if not check(lang + '.po against the sources', merged):
                failed = True
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
