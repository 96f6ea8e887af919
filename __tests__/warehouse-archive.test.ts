// PyPI's rules on the uploaded archive (warehouse/forklift/legacy.py _is_valid_dist_file and file_upload, with
// utils/zipfiles.py, utils/wheel.py, utils/scanner.py), each checked on an archive made here from a valid wheel or
// sdist by one change: written with Debian's Python (zipfile, tarfile) or, for framing Python will not write, by
// editing the bytes of a valid one.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { checkArchiveForIndex } from '../src/warehouse/archive.js'
import { PYTHON } from './helpers/action.js'

// Writes every archive of a spec list in one run: zip (wheels, .zip sdists) or tar.gz (sdists).
const MAKE = String.raw`
import base64, io, json, sys, tarfile, warnings, zipfile
warnings.simplefilter("ignore")
METHODS = {"stored": zipfile.ZIP_STORED, "deflated": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2}
def content(m):
    if "zeros" in m:
        return bytes(m["zeros"])
    if "b64" in m:
        return base64.b64decode(m["b64"])
    return m.get("content", "").encode()
for spec in json.load(sys.stdin):
    if spec["kind"] == "zip":
        with zipfile.ZipFile(spec["path"], "w") as z:
            for m in spec["members"]:
                info = zipfile.ZipInfo(m["name"], (2020, 1, 1, 0, 0, 0))
                info.compress_type = METHODS[m.get("method", "deflated")]
                info.comment = m.get("comment", "").encode()
                info.extra = base64.b64decode(m.get("extra", ""))
                z.writestr(info, content(m))
    else:
        fmt = {"pax": tarfile.PAX_FORMAT, "gnu": tarfile.GNU_FORMAT}[spec.get("format", "pax")]
        mode = "w:gz" if spec["kind"] == "tar.gz" else "w"
        with tarfile.open(spec["path"], mode, format=fmt) as t:
            for m in spec["members"]:
                info = tarfile.TarInfo(m["name"])
                if "type" in m:
                    info.type = m["type"].encode()
                info.pax_headers = m.get("pax", {})
                if m.get("dir"):
                    info.type = tarfile.DIRTYPE
                    t.addfile(info)
                    continue
                data = content(m)
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
`

type Member = {
  name: string
  content?: string
  zeros?: number
  b64?: string
  method?: 'stored' | 'deflated' | 'bzip2'
  comment?: string
  extra?: string
  type?: string
  pax?: Record<string, string>
  dir?: boolean
}
type Spec = { path: string; kind: 'zip' | 'tar.gz' | 'tar'; members: Member[]; format?: 'pax' | 'gnu' }

const METADATA = 'Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nSummary: demo\n'
const WHEEL = 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'
const PYARMOR = 'from pytransform import pyarmor_runtime\npyarmor_runtime()\n__pyarmor__(__name__, __file__, b"\\x50\\x59")\n'
const PYE = '---BEGIN PYE FILE---\nAAAA\n---END PYE FILE---\n'

/** A RECORD line for each member, as wheel builders write it. */
function withRecord(members: Member[], distInfo = 'demo-1.0.dist-info'): Member[] {
  const lines = members.map(m => {
    const data = m.zeros ? Buffer.alloc(m.zeros) : Buffer.from(m.content ?? '')
    const digest = createHash('sha256').update(data).digest('base64url')
    return `${m.name},sha256=${digest},${data.length}`
  })
  return [...members, { name: `${distInfo}/RECORD`, content: [...lines, `${distInfo}/RECORD,,`, ''].join('\n') }]
}

// A pure-Python wheel as setuptools/hatchling lay it out: the package, then the .dist-info with RECORD last.
const wheelMembers = (extra: Member[] = [], metadata = METADATA): Member[] => [
  { name: 'demo/__init__.py', content: 'x = 1\n' },
  ...extra,
  { name: 'demo-1.0.dist-info/METADATA', content: metadata },
  { name: 'demo-1.0.dist-info/WHEEL', content: WHEEL },
  { name: 'demo-1.0.dist-info/entry_points.txt', content: '[console_scripts]\ndemo = demo:main\n' },
  { name: 'demo-1.0.dist-info/licenses/LICENSE', content: 'MIT\n' }
]
const wheel = (extra: Member[] = []): Member[] => withRecord(wheelMembers(extra))
// An sdist as `python -m build` lays it out: one top-level directory holding PKG-INFO and the sources.
const sdist = (extra: Member[] = []): Member[] => [
  { name: 'demo-1.0/PKG-INFO', content: METADATA },
  { name: 'demo-1.0/pyproject.toml', content: '[project]\nname = "demo"\n' },
  { name: 'demo-1.0/LICENSE', content: 'MIT\n' },
  { name: 'demo-1.0/demo/__init__.py', content: 'x = 1\n' },
  ...extra
]

let dir: string
const specs: Spec[] = []
const path = (name: string): string => join(dir, name)
/** Registers an archive to write; all are written in one Python run before the tests. */
function archive(file: string, kind: Spec['kind'], members: Member[], format?: Spec['format']): string {
  specs.push({ path: join(dir, file), kind, members, format })
  return file
}

const check = (file: string, filename = 'demo-1.0-py3-none-any.whl', licenseFiles: string[] = []) => checkArchiveForIndex(path(file), filename, licenseFiles)
const SDIST = 'demo-1.0.tar.gz'
const invalid = (message: string | null) => `Invalid distribution file. ${message ?? 'None'}`
const ARCHIVES = 'See https://docs.pypi.org/archives for more information'

/** The breaches' messages, for comparing with what PyPI answers. */
async function messages(file: string, filename?: string, licenseFiles?: string[]): Promise<string[]> {
  return (await check(file, filename, licenseFiles)).breaches.map(breach => breach.message)
}

// ---- zip editing, for framing Python's zipfile does not write ----

/** Offsets of every record of a zip written by Python (no comments, no prefix). */
function records(zip: Buffer) {
  const eocd = zip.length - 22
  const cdOffset = zip.readUInt32LE(eocd + 16)
  const central: number[] = []
  for (let at = cdOffset; at < eocd; at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)) central.push(at)
  const local = central.map(at => zip.readUInt32LE(at + 42))
  return { eocd, cdOffset, central, local }
}

/** A copy of a zip made here, changed by `edit`. */
function editZip(from: string, to: string, edit: (zip: Buffer) => Buffer | void): string {
  const zip = Buffer.from(readFileSync(path(from)))
  writeFileSync(path(to), edit(zip) ?? zip)
  return to
}

/** The same zip in ZIP64 form: an EOCD64 record and its locator before an EOCD whose fields say "see ZIP64". */
function toZip64(zip: Buffer, recordSize = 44): Buffer {
  const { eocd, cdOffset } = records(zip)
  const cdSize = zip.readUInt32LE(eocd + 12)
  const entries = zip.readUInt16LE(eocd + 10)
  const eocd64 = Buffer.alloc(56)
  eocd64.writeUInt32LE(0x06064b50, 0)
  eocd64.writeBigUInt64LE(BigInt(recordSize), 4)
  eocd64.writeUInt16LE(45, 12)
  eocd64.writeUInt16LE(45, 14)
  eocd64.writeBigUInt64LE(BigInt(entries), 24)
  eocd64.writeBigUInt64LE(BigInt(entries), 32)
  eocd64.writeBigUInt64LE(BigInt(cdSize), 40)
  eocd64.writeBigUInt64LE(BigInt(cdOffset), 48)
  const locator = Buffer.alloc(20)
  locator.writeUInt32LE(0x07064b50, 0)
  locator.writeBigUInt64LE(BigInt(eocd), 8)
  locator.writeUInt32LE(1, 16)
  const end = Buffer.from(zip.subarray(eocd))
  end.writeUInt16LE(0xffff, 8)
  end.writeUInt16LE(0xffff, 10)
  end.writeUInt32LE(0xffffffff, 12)
  end.writeUInt32LE(0xffffffff, 16)
  return Buffer.concat([zip.subarray(0, eocd), eocd64, locator, end])
}

/** An extra field record. */
const extra = (id: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([id & 0xff, id >> 8, data.length & 0xff, data.length >> 8]), data])
const unicodePath = (name: string): Buffer => extra(0x7075, Buffer.concat([Buffer.from([2, 0, 0, 0, 0]), Buffer.from(name)]))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pra-warehouse-archive-'))
  for (const [file, members] of FIXTURES) archive(file, file.endsWith('.tar.gz') ? 'tar.gz' : 'zip', members)
  archive('gnu-sparse.tar.gz', 'tar.gz', sdist([{ name: 'demo-1.0/data.bin', content: 'xxxx', type: 'S' }]), 'gnu')
  archive('plain.tar', 'tar', sdist())
  const made = spawnSync(PYTHON, ['-c', MAKE], { input: JSON.stringify(specs) })
  expect(made.stderr.toString()).toBe('')
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

// Every archive Python writes, by file name (written before the tests).
const FIXTURES: Array<[string, Member[]]> = [
  ['valid.whl', wheel()],
  // RECORD.jws signs RECORD, so RECORD cannot list it
  ['record-jws.whl', [...wheel(), { name: 'demo-1.0.dist-info/RECORD.jws', content: '{"signatures": []}' }]],
  ['zeros-10mib.whl', wheel([{ name: 'demo/zeros.bin', zeros: 10 * 1024 * 1024 }])],
  ['zeros-65mib.whl', wheel([{ name: 'demo/zeros.bin', zeros: 65 * 1024 * 1024 }])],
  ['bzip2.whl', wheel([{ name: 'demo/data.txt', content: 'data\n', method: 'bzip2' }])],
  ['no-wheel-file.whl', withRecord(wheelMembers().filter(m => !m.name.endsWith('/WHEEL')))],
  ['pyarmor.whl', wheel([{ name: 'demo/_pytransform.py', content: PYARMOR }])],
  ['pye.whl', wheel([{ name: 'demo/secret.PYE', content: PYE }])],
  ['pye-half.whl', wheel([{ name: 'demo/secret.pye', content: '---BEGIN PYE FILE---\nAAAA\n' }])],
  ['pyarmor-txt.whl', wheel([{ name: 'demo/notes.txt', content: PYARMOR }])],
  ['pyarmor-big.whl', wheel([{ name: 'demo/big.py', content: PYARMOR + '#'.repeat(5 * 1024 * 1024) }])],
  ['cd-comment.whl', wheel([{ name: 'demo/data.txt', content: 'data\n', comment: 'note' }])],
  ['unprintable.whl', wheel([{ name: 'demo/da\x01ta.txt', content: 'data\n' }])],
  ['duplicate.whl', [...wheel(), { name: 'demo/__init__.py', content: 'x = 2\n' }]],
  ['duplicate-extra.whl', wheel([{ name: 'demo/data.txt', content: 'data\n', extra: Buffer.concat([unicodePath('a'), unicodePath('b')]).toString('base64') }])],
  ['zip64-extra-size.whl', wheel([{ name: 'demo/data.txt', content: 'data\n', extra: extra(0x0001, Buffer.alloc(4)).toString('base64') }])],
  ['no-license.whl', withRecord(wheelMembers().filter(m => !m.name.includes('/licenses/')))],
  ['no-record.whl', wheelMembers()],
  ['record-mismatch.whl', [...withRecord(wheelMembers()), { name: 'demo/unlisted.txt', content: 'x\n' }]],
  ['record-blank-line.whl', [...wheelMembers(), { name: 'demo-1.0.dist-info/RECORD', content: 'demo/__init__.py,,\n\ndemo-1.0.dist-info/RECORD,,\n' }]],
  ['record-latin1.whl', [...wheelMembers(), { name: 'demo-1.0.dist-info/RECORD', b64: Buffer.from('demo/caf\xe9.py,,\n', 'latin1').toString('base64') }]],
  ['no-metadata.whl', withRecord(wheelMembers().filter(m => !m.name.endsWith('/METADATA')))],
  ...(
    [
      ['ep-no-section.whl', 'demo = demo:main\n'],
      ['ep-duplicate-option.whl', '[console_scripts]\ndemo = demo:main\ndemo = demo:other\n'],
      ['ep-duplicate-section.whl', '[console_scripts]\na = demo:a\n[console_scripts]\nb = demo:b\n'],
      ['ep-colon.whl', '[console_scripts]\ndemo: demo:main\n'],
      ['ep-bad-name.whl', '[console_scripts]\n../demo = demo:main\n'],
      ['ep-default-name.whl', '[DEFAULT]\nbad name = x\n[gui_scripts]\ndemo = demo:main\n'],
      ['ep-bom.whl', '\ufeff[console_scripts]\ndemo = demo:main\n'],
      ['ep-ok.whl', '# comment\n; comment\n[console_scripts]\ndemo-cli = demo:main\n  continued\n\n[demo.plugins]\nany name = demo:x\n']
    ] as const
  ).map(([file, text]): [string, Member[]] => [
    file,
    withRecord(wheelMembers().map(m => (m.name.endsWith('/entry_points.txt') ? { ...m, content: text } : m)))
  ]),
  ['sdist.zip', sdist()],
  ['sdist-two-tops.zip', [...sdist(), { name: 'other/file.txt', content: 'x\n' }]],
  ['sdist-no-pkg-info.zip', sdist().filter(m => !m.name.endsWith('PKG-INFO'))],
  ['valid.tar.gz', sdist()],
  [
    'minimal.tar.gz',
    [
      { name: 'demo-1.0/setup.py', content: 'from setuptools import setup\nsetup()\n' },
      { name: 'demo-1.0/PKG-INFO', content: METADATA }
    ]
  ],
  ['dirs.tar.gz', [{ name: 'demo-1.0', content: '', dir: true }, ...sdist()]],
  ['two-tops.tar.gz', [...sdist(), { name: 'other/file.txt', content: 'x\n' }]],
  ['no-pkg-info.tar.gz', sdist().filter(m => !m.name.endsWith('PKG-INFO'))],
  ['absolute.tar.gz', [...sdist(), { name: '/etc/evil', content: 'x\n' }]],
  ['pax-sparse.tar.gz', sdist([{ name: 'demo-1.0/data.bin', content: 'xxxx', pax: { 'GNU.sparse.map': '0,4' } }])],
  ['pyarmor.tar.gz', sdist([{ name: 'demo-1.0/demo/_pytransform.py', content: PYARMOR }])],
  [
    'big.tar.gz',
    sdist([
      { name: 'demo-1.0/data.bin', zeros: 3 * 1024 * 1024 },
      { name: 'demo-1.0/z.txt', content: 'z\n' }
    ])
  ],
  ['long-names.tar.gz', sdist([{ name: `demo-1.0/${'d'.repeat(120)}/${'f'.repeat(120)}.py`, content: 'x = 1\n' }])]
]

describe('a valid wheel and sdist (positive controls)', () => {
  it('accepts a pure-Python wheel laid out as setuptools and hatchling write it', async () => {
    expect(await check('valid.whl', 'demo-1.0-py3-none-any.whl', ['LICENSE'])).toEqual({ breaches: [], warnings: [] })
  })
  it('accepts a wheel with RECORD signatures that RECORD does not list (utils/wheel.py:200 record_exemptions)', async () => {
    expect(await check('record-jws.whl')).toEqual({ breaches: [], warnings: [] })
  })
  it('accepts 10 MiB of zeros: the ratio rule starts at 64 MiB decompressed (legacy.py:336)', async () => {
    expect(await messages('zeros-10mib.whl')).toEqual([])
  })
  it('accepts an sdist with one top-level directory, PKG-INFO and its License-File', async () => {
    expect(await check('valid.tar.gz', SDIST, ['LICENSE'])).toEqual({ breaches: [], warnings: [] })
  })
  it('accepts an sdist of only setup.py and PKG-INFO', async () => {
    expect(await messages('minimal.tar.gz', SDIST)).toEqual([])
  })
  it('accepts an sdist with directory entries, GNU long names over 100 bytes, and a large member', async () => {
    expect(await messages('dirs.tar.gz', SDIST)).toEqual([])
    expect(await messages('long-names.tar.gz', SDIST)).toEqual([])
    expect(await messages('big.tar.gz', SDIST)).toEqual([])
  })
  it('accepts a .zip sdist with its top-level directory and PKG-INFO (legacy.py:363-374)', async () => {
    expect(await messages('sdist.zip', 'demo-1.0.zip')).toEqual([])
  })
})

describe('is_zipfile and is_tarfile (legacy.py:315-323, 417-418)', () => {
  it('refuses a zip that is also a tar: 512 zero bytes before it read as an empty tar (legacy.py:319)', async () => {
    editZip('valid.whl', 'polyglot.whl', zip => Buffer.concat([Buffer.alloc(512), zip]))
    expect(await messages('polyglot.whl')).toEqual([invalid('File is both a zip and a tar file')])
  })
  it('refuses an sdist with an empty zip after its gzip stream (legacy.py:319)', async () => {
    const emptyZip = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)])
    writeFileSync(path('polyglot.tar.gz'), Buffer.concat([readFileSync(path('valid.tar.gz')), emptyZip]))
    expect(await messages('polyglot.tar.gz', SDIST)).toEqual([invalid('File is both a zip and a tar file')])
  })
  it('refuses a wheel that is a tar.gz (legacy.py:323)', async () => {
    expect(await messages('valid.tar.gz')).toEqual([invalid('File is not a zipfile')])
  })
  it('refuses an sdist that is a zip (legacy.py:418)', async () => {
    expect(await messages('sdist.zip', SDIST)).toEqual([invalid('File is not a tarfile')])
  })
  it('answers "None" for an uncompressed tar named .tar.gz: is_tarfile says yes, tarfile.open(r:gz) fails (legacy.py:476, 1313)', async () => {
    expect(await messages('plain.tar', SDIST)).toEqual([invalid(null)])
  })
  it('answers "None" for a zip whose central directory is damaged (BadZipFile, legacy.py:414)', async () => {
    editZip('valid.whl', 'bad-cd.whl', zip => {
      zip.writeUInt32LE(0x12345678, records(zip).central[0] as number)
    })
    expect(await messages('bad-cd.whl')).toEqual([invalid(null)])
  })
})

describe('the zip rules of _is_valid_dist_file (legacy.py:334-411)', () => {
  it('refuses more than 64 MiB decompressing at a ratio over 50 (legacy.py:336-350)', async () => {
    expect(await messages('zeros-65mib.whl')).toEqual([invalid('File exceeds compression ratio of 50')])
  })
  it('refuses a member compressed with bzip2 (legacy.py:353-360)', async () => {
    expect(await messages('bzip2.whl')).toEqual([invalid('File does not use a supported compression type')])
  })
  it('refuses a wheel without {name}-{version}.dist-info/WHEEL (legacy.py:385-387)', async () => {
    expect(await messages('no-wheel-file.whl')).toEqual([invalid('WHEEL not found at demo-1.0.dist-info/WHEEL')])
  })
  it('refuses a wheel name with fewer than two hyphens (legacy.py:376-381)', async () => {
    expect(await messages('valid.whl', 'demo-1.0.whl')).toEqual([invalid('Unable to parse name and version from wheel filename')])
  })
  it('refuses a .zip sdist with two top-level directories (legacy.py:364-369)', async () => {
    expect(await messages('sdist-two-tops.zip', 'demo-1.0.zip')).toEqual([invalid('Incorrect number of top-level directories in sdist')])
  })
  it('refuses a .zip sdist without top/PKG-INFO (legacy.py:370-374)', async () => {
    expect(await messages('sdist-no-pkg-info.zip', 'demo-1.0.zip')).toEqual([invalid('PKG-INFO not found at demo-1.0/PKG-INFO')])
  })
})

describe('the YARA scan (utils/scanner.py, scanner_rules/*.yar; legacy.py:390-402, 460-473)', () => {
  const PYARMOR_MESSAGE = 'PyArmor-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.'
  it('refuses PyArmor-encrypted Python in a wheel (pyarmor.yar)', async () => {
    expect(await messages('pyarmor.whl')).toEqual([invalid(PYARMOR_MESSAGE)])
  })
  it('refuses a SourceDefender .pye file, its suffix compared lower-cased (sourcedefender.yar, scanner.py:83)', async () => {
    expect(await messages('pye.whl')).toEqual([
      invalid('SourceDefender-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.')
    ])
  })
  it('accepts a .pye with only one of the two markers (sourcedefender.yar: all of them)', async () => {
    expect(await messages('pye-half.whl')).toEqual([])
  })
  it('scans only .py and .pye members (scanner.py:22 _SCAN_EXTENSIONS)', async () => {
    expect(await messages('pyarmor-txt.whl')).toEqual([])
  })
  it('skips sources over 5 MiB (scanner.py:25 _SCAN_MAX_FILE_SIZE)', async () => {
    expect(await messages('pyarmor-big.whl')).toEqual([])
  })
  it('refuses PyArmor-encrypted Python in an sdist (legacy.py:460-473)', async () => {
    expect(await messages('pyarmor.tar.gz', SDIST)).toEqual([invalid(PYARMOR_MESSAGE)])
  })
})

describe('ZIP framing (utils/zipfiles.py validate_zipfile; legacy.py:405-411)', () => {
  const framing = (error: string) => [invalid(`ZIP archive not accepted: ${error}. ${ARCHIVES}`)]
  it('refuses a local header flagged for a data descriptor (zipfiles.py:144-146)', async () => {
    editZip('valid.whl', 'descriptor.whl', zip => {
      const at = records(zip).local[1] as number
      zip.writeUInt16LE(zip.readUInt16LE(at + 6) | 0x08, at + 6)
    })
    expect(await messages('descriptor.whl')).toEqual(framing('ZIP contains a data descriptor'))
  })
  it('refuses a local header whose compressed size differs from the central directory (zipfiles.py:152-153)', async () => {
    editZip('valid.whl', 'data-size.whl', zip => {
      const at = records(zip).local[1] as number
      zip.writeUInt32LE(zip.readUInt32LE(at + 18) + 1, at + 18)
    })
    expect(await messages('data-size.whl')).toEqual(framing('Mis-matched data size'))
  })
  it('refuses a local header whose file size differs from the central directory (zipfiles.py:154-155)', async () => {
    editZip('valid.whl', 'file-size.whl', zip => {
      const at = records(zip).local[1] as number
      zip.writeUInt32LE(zip.readUInt32LE(at + 22) + 1, at + 22)
    })
    expect(await messages('file-size.whl')).toEqual(framing('Mis-matched file size'))
  })
  it('refuses a local header naming a file the central directory does not have (zipfiles.py:158-159)', async () => {
    editZip('valid.whl', 'local-name.whl', zip => {
      const at = records(zip).local[1] as number
      zip[at + 30] = 'X'.charCodeAt(0)
    })
    expect(await messages('local-name.whl')).toEqual(framing('Filename not in central directory'))
  })
  it('refuses a comment in the central directory (zipfiles.py:176-177)', async () => {
    expect(await messages('cd-comment.whl')).toEqual(framing('Comment in central directory'))
  })
  it('refuses an unprintable character in a name (zipfiles.py:74-75)', async () => {
    expect(await messages('unprintable.whl')).toEqual(framing('Invalid character in filename'))
  })
  it('refuses a name written twice (zipfiles.py:327-328)', async () => {
    expect(await messages('duplicate.whl')).toEqual(framing('Duplicate filename in local headers'))
  })
  it('refuses a repeated Unicode Path extra (zipfiles.py:84-85)', async () => {
    expect(await messages('duplicate-extra.whl')).toEqual(framing('Invalid duplicate extra in local file'))
  })
  it('refuses a ZIP64 extra of a length ZIP64 does not have (zipfiles.py:90-91)', async () => {
    expect(await messages('zip64-extra-size.whl')).toEqual(framing('Malformed zip file'))
  })
  it('refuses bytes after the end of central directory record (zipfiles.py:385-390)', async () => {
    editZip('valid.whl', 'trailing.whl', zip => Buffer.concat([zip, Buffer.from('trailing')]))
    expect(await messages('trailing.whl')).toEqual(framing('Trailing data'))
  })
  it('refuses bytes before the first local header (zipfiles.py:369-370)', async () => {
    editZip('valid.whl', 'prefix.whl', zip => Buffer.concat([Buffer.from('#!/usr/bin/env python\n'), zip]))
    expect(await messages('prefix.whl')).toEqual(framing('Unknown record signature'))
  })
  it('refuses an end record counting other entries than the central directory holds (zipfiles.py:342-345)', async () => {
    editZip('valid.whl', 'eocd-count.whl', zip => {
      const { eocd } = records(zip)
      zip.writeUInt16LE(zip.readUInt16LE(eocd + 8) + 1, eocd + 8)
      zip.writeUInt16LE(zip.readUInt16LE(eocd + 10) + 1, eocd + 10)
    })
    expect(await messages('eocd-count.whl')).toEqual(framing('Mismatched central directory records'))
  })
  it('refuses an end record whose disk counts disagree (zipfiles.py:199-200)', async () => {
    editZip('valid.whl', 'eocd-disk.whl', zip => {
      const { eocd } = records(zip)
      zip.writeUInt16LE(zip.readUInt16LE(eocd + 8) + 1, eocd + 8)
    })
    expect(await messages('eocd-disk.whl')).toEqual(framing('Malformed zip file'))
  })
  it('accepts the same wheel in ZIP64 form (zipfiles.py:357-366)', async () => {
    editZip('valid.whl', 'zip64.whl', zip => toZip64(zip))
    expect(await messages('zip64.whl')).toEqual([])
  })
  it('refuses a ZIP64 end record announcing extensible data (zipfiles.py:218-219)', async () => {
    editZip('valid.whl', 'zip64-extensible.whl', zip => toZip64(zip, 45))
    expect(await messages('zip64-extensible.whl')).toEqual(framing('ZIP64 extensible data not allowed'))
  })
})

describe('the tar.gz rules of _is_valid_dist_file (legacy.py:416-476)', () => {
  it('answers "None" for a truncated sdist: getnames() meets EOFError (legacy.py:434, 475-476)', async () => {
    const whole = readFileSync(path('big.tar.gz'))
    writeFileSync(path('truncated.tar.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)))
    expect(await messages('truncated.tar.gz', SDIST)).toEqual([invalid(null)])
  })
  it('refuses a GNU sparse member (type S) (legacy.py:437-450)', async () => {
    expect(await messages('gnu-sparse.tar.gz', SDIST)).toEqual([invalid(`tar archive not accepted: Sparse members are not allowed. ${ARCHIVES}`)])
  })
  it('refuses a member made sparse by pax GNU.sparse.* records (legacy.py:437-450)', async () => {
    expect(await messages('pax-sparse.tar.gz', SDIST)).toEqual([invalid(`tar archive not accepted: Sparse members are not allowed. ${ARCHIVES}`)])
  })
  it('refuses an sdist with two top-level directories (legacy.py:451-455)', async () => {
    expect(await messages('two-tops.tar.gz', SDIST)).toEqual([invalid('Incorrect number of top-level directories in sdist')])
  })
  it('refuses an sdist without top/PKG-INFO (legacy.py:456-458)', async () => {
    expect(await messages('no-pkg-info.tar.gz', SDIST)).toEqual([invalid('PKG-INFO not found at demo-1.0/PKG-INFO')])
  })
  it('fails like PyPI (HTTP 500) when absolute and relative names mix: os.path.commonpath raises (legacy.py:434, 556-562)', async () => {
    const report = await check('absolute.tar.gz', SDIST)
    expect(report.breaches.map(breach => breach.rule)).toEqual(['archive-server-error'])
  })
  it('answers "None" for a zstd-compressed tar named .tar.gz: is_tarfile tries zst too (CPython 3.14 tarfile OPEN_METH; legacy.py:476)', async () => {
    const tar = spawnSync('gzip', ['-dc', path('valid.tar.gz')]).stdout
    writeFileSync(path('zstd.tar.gz'), zstdCompressSync(tar))
    expect(await messages('zstd.tar.gz', SDIST)).toEqual([invalid(null)])
  })
  it('accepts damage after the end of the gzip stream, which tarfile never reads (a warning says installers may)', async () => {
    writeFileSync(path('trailing.tar.gz'), Buffer.concat([readFileSync(path('valid.tar.gz')), Buffer.from('not gzip')]))
    const report = await check('trailing.tar.gz', SDIST)
    expect(report.breaches).toEqual([])
    expect(report.warnings).toEqual([expect.stringContaining('damaged after the end of the tar archive')])
  })
  it('accepts a multi-member gzip stream, as GzipFile reads one (a gzip of the same tar in two members)', async () => {
    const tar = spawnSync('gzip', ['-dc', path('valid.tar.gz')]).stdout
    writeFileSync(path('two-members.tar.gz'), Buffer.concat([gzipSync(tar.subarray(0, 1024)), gzipSync(tar.subarray(1024))]))
    expect(await messages('two-members.tar.gz', SDIST)).toEqual([])
  })
})

describe('License-File members (legacy.py:1397-1422, 1516-1538)', () => {
  it('refuses an sdist without a License-File at top/{license}', async () => {
    expect(await messages('valid.tar.gz', SDIST, ['COPYING'])).toEqual([
      'License-File COPYING does not exist in distribution file demo-1.0.tar.gz at demo-1.0/COPYING'
    ])
  })
  it('refuses a wheel without .dist-info/licenses/{license}', async () => {
    expect(await messages('no-license.whl', 'demo-1.0-py3-none-any.whl', ['LICENSE'])).toEqual([
      'License-File LICENSE does not exist in distribution file demo-1.0-py3-none-any.whl at demo-1.0.dist-info/licenses/LICENSE'
    ])
  })
})

describe("a wheel's RECORD, entry_points.txt and METADATA (legacy.py:1540-1602, utils/wheel.py)", () => {
  const NO_RECORD = "Wheel 'demo-1.0-py3-none-any.whl' does not contain the required RECORD file: demo-1.0.dist-info/RECORD"
  it('refuses a wheel without RECORD (legacy.py:1542-1556)', async () => {
    expect(await messages('no-record.whl')).toEqual([NO_RECORD])
  })
  it('refuses a RECORD that is not UTF-8 as if it were missing (utils/wheel.py:219 UnicodeError)', async () => {
    expect(await messages('record-latin1.whl')).toEqual([NO_RECORD])
  })
  it('only warns when RECORD does not list every file: PyPI e-mails the owners (legacy.py:1558, utils/wheel.py:222-228)', async () => {
    const report = await check('record-mismatch.whl')
    expect(report.breaches).toEqual([])
    expect(report.warnings).toEqual([expect.stringContaining('RECORD does not list demo/unlisted.txt')])
  })
  it('fails like PyPI (HTTP 500) on a blank line in RECORD: csv yields [] and `fn, *_` raises (utils/wheel.py:212-214)', async () => {
    const report = await check('record-blank-line.whl')
    expect(report.breaches.map(breach => breach.rule)).toEqual(['archive-server-error'])
  })
  it('refuses a wheel without METADATA (legacy.py:1587-1602)', async () => {
    expect(await messages('no-metadata.whl')).toEqual([
      "Wheel 'demo-1.0-py3-none-any.whl' does not contain the required METADATA file: demo-1.0.dist-info/METADATA"
    ])
  })
  const INVALID_EP = "Wheel 'demo-1.0-py3-none-any.whl' has invalid entry points defined in the entry_points.txt file"
  it.each([
    ['ep-no-section.whl', 'a key before any section: MissingSectionHeaderError'],
    ['ep-duplicate-option.whl', 'a key given twice: DuplicateOptionError'],
    ['ep-duplicate-section.whl', 'a section given twice: DuplicateSectionError'],
    ['ep-colon.whl', "':' is no delimiter here: ParsingError"],
    ['ep-bad-name.whl', 'a console_scripts name with a path in it (wheel.py:241 _ENTRY_POINT_NAME_RE)'],
    ['ep-default-name.whl', "a DEFAULT key, which every section's iteration yields"],
    ['ep-bom.whl', 'a byte order mark before the first section (kept by .decode())']
  ])('refuses entry_points.txt %s: %s (legacy.py:1567-1580, utils/wheel.py:283-300)', async file => {
    expect(await messages(file)).toEqual([INVALID_EP])
  })
  it('accepts comments, continuation lines, blank lines and free-form names outside the script sections (configparser)', async () => {
    expect(await messages('ep-ok.whl')).toEqual([])
  })
})
