#!/usr/bin/env python3
# Validates flatpak/io.github.seqack.SeqAck.json without flatpak-builder:
# valid JSON, the GNOME runtime, the sandbox's permissions (no network, no
# host files: files go through the file chooser portal), and every source
# pinned so a build from it is reproducible.
#
# Usage: check-flatpak.py MANIFEST APP_ID
import json
import re
import sys

FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11',
               '--device=dri']
# GNOME 47 went end-of-life in October 2025; anything older is unsupported.
OLDEST_RUNTIME = 47
SHA256 = re.compile(r'^[0-9a-f]{64}$')
COMMIT = re.compile(r'^[0-9a-f]{40}$')


def sources_of(module, errors, where):
    sources = module.get('sources')
    if not isinstance(sources, list) or not sources:
        errors.append('%s: no sources' % where)
        return []
    return sources


def check_module(module, errors, where, app_module):
    if isinstance(module, str):
        errors.append('%s: module in a separate file (%s) cannot be checked'
                      % (where, module))
        return
    name = module.get('name')
    if not name:
        errors.append('%s: module without a name' % where)
    where = '%s/%s' % (where, name)
    for i, source in enumerate(sources_of(module, errors, where)):
        kind = source.get('type')
        here = '%s source %d (%s)' % (where, i, kind)
        if kind in ('archive', 'file'):
            if 'url' not in source and 'path' not in source:
                errors.append('%s: neither url nor path' % here)
            if not SHA256.match(source.get('sha256', '')):
                errors.append('%s: no valid sha256' % here)
            url = source.get('url', '')
            if url and not url.startswith('https://'):
                errors.append('%s: url is not https: %s' % (here, url))
        elif kind == 'git':
            if not COMMIT.match(source.get('commit', '')):
                errors.append('%s: git source without a full commit' % here)
        elif kind == 'dir':
            if name != app_module:
                errors.append('%s: only the app itself may build from a '
                              'local dir' % here)
        elif kind in ('patch', 'shell', 'script'):
            pass
        else:
            errors.append('%s: source type not allowed' % here)
    for sub in module.get('modules', []):
        check_module(sub, errors, where, app_module)


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)
    errors = []

    if manifest.get('app-id', manifest.get('id')) != app_id:
        errors.append('app-id is not %s' % app_id)
    if manifest.get('runtime') != 'org.gnome.Platform':
        errors.append('runtime is not org.gnome.Platform')
    if manifest.get('sdk') != 'org.gnome.Sdk':
        errors.append('sdk is not org.gnome.Sdk')
    version = str(manifest.get('runtime-version', ''))
    if not version.isdigit() or int(version) < OLDEST_RUNTIME:
        errors.append('runtime-version %r is not a supported stable GNOME '
                      'runtime (>= %d)' % (version, OLDEST_RUNTIME))
    if manifest.get('command') != 'seqack':
        errors.append('command is not seqack')
    if manifest.get('finish-args') != FINISH_ARGS:
        errors.append('finish-args are %r, want exactly %r'
                      % (manifest.get('finish-args'), FINISH_ARGS))

    modules = manifest.get('modules', [])
    if not modules:
        errors.append('no modules')
    else:
        app = modules[-1]
        if not isinstance(app, dict) or app.get('name') != 'seqack':
            errors.append('the last module is not seqack')
        else:
            if app.get('buildsystem') != 'meson':
                errors.append('seqack is not built with meson')
            if app.get('sources') != [{'type': 'dir', 'path': '..'}]:
                errors.append('seqack does not build from the repository '
                              '({"type": "dir", "path": ".."})')
        names = [m.get('name') for m in modules if isinstance(m, dict)]
        if 'libpcap' not in names:
            errors.append('no libpcap module')
    for module in modules:
        check_module(module, errors, 'modules', 'seqack')

    for error in errors:
        print('%s: %s' % (path, error))
    print('%d modules, %d problems' % (len(modules), len(errors)))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
