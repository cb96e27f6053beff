#!/usr/bin/env python3
"""Regenerates the OpenAPI code of release-status (server stub here, client in
release-status-common) with the repository's generator,
plugins/dead-letter-backend/scripts/generate-openapi.py, pointed at this
package. See that script for why it stands in for
`backstage-repo-tools package schema openapi generate` (whose
openapi-generator jar comes from Maven Central, out of reach here).

It adds what the dead-letter spec does not need: schemas that are a string
enum (ReleaseIntent, ReleaseSource) become a union type, as the real
generator writes them.

Run from plugins/release-status-backend: yarn generate:openapi
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
GENERATOR = os.path.join(PKG, '../dead-letter-backend/scripts/generate-openapi.py')
MAIN = '\nmodels = collect_models()\n'

source = open(GENERATOR).read()
if source.count(MAIN) != 1:
    raise SystemExit(f'{GENERATOR} changed: cannot find {MAIN.strip()!r}')
definitions, main = source.split(MAIN)

ns = {'__file__': GENERATOR, '__name__': 'generate_openapi'}
exec(compile(definitions, GENERATOR, 'exec'), ns)

ns['PKG'] = PKG
ns['SPEC'] = os.path.join(PKG, 'src/schema/openapi.yaml')
ns['SERVER_OUT'] = os.path.join(PKG, 'src/schema/openapi/generated')
ns['CLIENT_OUT'] = os.path.join(
    PKG, '../release-status-common/src/schema/openapi/generated')
ns['PLUGIN_ID'] = 'release-status'
ns['spec'] = ns['yaml'].safe_load(open(ns['SPEC']))
ns['schemas'] = ns['spec']['components']['schemas']

render_object = ns['render_model']


def render_model(name, schema):
    if schema.get('type') == 'string' and 'enum' in schema:
        out = ns['HEADER'] + '\n/**\n'
        if schema.get('description'):
            out += ' * ' + schema['description'].strip().replace('\n', ' ') + '\n'
        out += ' * @public\n */\n'
        return out + f'export type {name} = ' + ' | '.join(
            f"'{v}'" for v in schema['enum']) + ';\n'
    return render_object(name, schema)


ns['render_model'] = render_model
exec(compile(MAIN + main, GENERATOR, 'exec'), ns)
