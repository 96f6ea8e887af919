// Compiled builds that rebuild byte for byte. A C compiler writes the directory it compiled in into the
// binary (DWARF's DW_AT_comp_dir and source names under -g, which CPython's own CFLAGS carry; __FILE__
// in assert()), and `python -m build` compiles the wheel in the sdist unpacked into a random temporary
// directory (build's `_build_in_isolated_env`/`build_package_via_sdist`: tempfile.TemporaryDirectory),
// so no two builds of the same commit gave the same .so, and a re-run found its own release "different".
//
// So, for a project that compiles (judged from its build configuration, before building): the sdist
// is built, unpacked at a path of this build's own (src/build/source.ts buildWorkDir: stable for the
// project), and the wheel built there; and the compilers are told to write every path below the
// directories the build compiles in as relative ones: `-ffile-prefix-map=OLD=.` (GCC 8+, Clang 10+;
// it implies -fdebug-prefix-map and -fmacro-prefix-map) appended to CFLAGS and CXXFLAGS, which
// setuptools (distutils' customize_compiler), CMake (at its first configure) and Meson read. GCC
// checks the map given last first (gcc/file-prefix-map.cc: add_prefix_map puts each new map at the head of
// the list remap_filename walks), so the most specific directory comes last. scikit-build-core builds
// in a random temporary directory too unless told otherwise: SKBUILD_BUILD_DIR (its settings' variables)
// points it into the build's own directory, mapped like the rest.
//
// Where it cannot hold (README, "Reproducible builds"): Rust (maturin, setuptools-rust) reads RUSTFLAGS,
// which would replace the project's own build.rustflags, so it is left alone; a compiler without
// -ffile-prefix-map (MSVC) ignores it or fails — on Windows nothing is added; a path with a space or a
// quote cannot be put in CFLAGS safely, and is left unmapped (the log says so).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import type { Logger } from '../types.js'

/** Build backends that compile, by module. */
const COMPILING_BACKENDS = new Set([
  'scikit_build_core.build',
  'mesonpy',
  'maturin',
  'py_build_cmake.build',
  'enscons',
  'sipbuild.api',
  'cmeel.build',
  'setuptools_rust.build_meta'
])

/** What in a setup.py or setup.cfg says it builds extension modules. */
const SETUPTOOLS_EXTENSIONS = /\b(Extension|ext_modules|cythonize|CMakeExtension|Pybind11Extension|cffi_modules|rust_extensions|build_ext)\b/

const readText = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined)

/**
 * Why the project in `dir` compiles, in a few words, or undefined when nothing says it does. Read
 * from its configuration, not from a build: what decides how the build runs must be known before it.
 */
export async function compiledProject(dir: string): Promise<string | undefined> {
  const pyproject = await readText(join(dir, 'pyproject.toml'))
  let backend: string | undefined
  if (pyproject !== undefined) {
    try {
      const toml = parseToml(pyproject) as { 'build-system'?: { 'build-backend'?: unknown }; tool?: { setuptools?: Record<string, unknown> } }
      const named = toml['build-system']?.['build-backend']
      backend = typeof named === 'string' ? named : undefined
      if (toml.tool?.setuptools?.['ext-modules'] !== undefined) return 'pyproject.toml lists [tool.setuptools] ext-modules'
    } catch {
      return undefined // the build says what is wrong with it
    }
  }
  if (backend !== undefined && COMPILING_BACKENDS.has(backend)) return `its build backend ${backend} compiles`
  for (const name of ['setup.py', 'setup.cfg']) {
    const match = SETUPTOOLS_EXTENSIONS.exec((await readText(join(dir, name))) ?? '')
    if (match) return `${name} names ${match[1]}`
  }
  return undefined
}

/** The variables that carry C and C++ compiler flags for setuptools, CMake and Meson. */
const FLAG_VARIABLES = ['CFLAGS', 'CXXFLAGS'] as const

/**
 * `env` with prefix maps appended to CFLAGS and CXXFLAGS, each of `dirs` (most general first) written
 * as `.` in what the compilers emit; and, when `cmakeBuildDir` is given and the caller set none,
 * SKBUILD_BUILD_DIR. The caller's own flags come first and are kept.
 */
export function reproducibleCompileEnv(
  env: NodeJS.ProcessEnv,
  dirs: string[],
  logger: Logger,
  options: { cmakeBuildDir?: string; platform?: NodeJS.Platform } = {}
): NodeJS.ProcessEnv {
  if ((options.platform ?? process.platform) === 'win32') return env
  const unsafe = dirs.filter(dir => /[\s'"\\$`]/.test(dir))
  if (unsafe.length > 0) logger.info(`not mapped for the compiler (a path CFLAGS cannot carry): ${unsafe.join(', ')}`)
  const flags = [...new Set(dirs.filter(dir => !unsafe.includes(dir)))].map(dir => `-ffile-prefix-map=${dir}=.`)
  const result: NodeJS.ProcessEnv = { ...env }
  if (flags.length > 0) {
    for (const name of FLAG_VARIABLES) result[name] = [env[name]?.trim(), ...flags].filter(Boolean).join(' ')
  }
  if (options.cmakeBuildDir !== undefined && !env['SKBUILD_BUILD_DIR']) result['SKBUILD_BUILD_DIR'] = options.cmakeBuildDir
  return result
}
