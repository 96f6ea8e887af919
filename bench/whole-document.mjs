// The reference for bench/reports.mjs: a whole-document parse of the same file (read it whole,
// build the object tree with fast-xml-parser, then count), as report actions commonly do.
// Usage: node whole-document.mjs junit|coverage FILE
import { readFileSync } from 'node:fs'
import { XMLParser } from 'fast-xml-parser'

const [kind, file] = process.argv.slice(2)
const start = process.hrtime.bigint()
const list = new Set(['testcase', 'testsuite', 'package', 'class', 'line', 'source'])
const parser = new XMLParser({ ignoreAttributes: false, isArray: name => list.has(name) })
const doc = parser.parse(readFileSync(file, 'utf8'))
const found = {}
if (kind === 'junit') {
  let total = 0
  let failed = 0
  for (const suite of doc.testsuites?.testsuite ?? doc.testsuite ?? []) {
    for (const testcase of suite.testcase ?? []) {
      total++
      if (testcase.failure !== undefined || testcase.error !== undefined) failed++
    }
  }
  Object.assign(found, { total, failed })
} else {
  let files = 0
  let lines = 0
  let covered = 0
  for (const pkg of doc.coverage.packages.package ?? []) {
    for (const cls of pkg.classes.class ?? []) {
      files++
      for (const line of cls.lines?.line ?? []) {
        lines++
        if (Number(line['@_hits']) > 0) covered++
      }
    }
  }
  Object.assign(found, { files, lines, covered })
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...found }))
