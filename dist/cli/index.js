#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 73057:
/***/ ((module) => {

function isBuffer(value) {
  return Buffer.isBuffer(value) || value instanceof Uint8Array
}

function isEncoding(encoding) {
  return Buffer.isEncoding(encoding)
}

function alloc(size, fill, encoding) {
  return Buffer.alloc(size, fill, encoding)
}

function allocUnsafe(size) {
  return Buffer.allocUnsafe(size)
}

function allocUnsafeSlow(size) {
  return Buffer.allocUnsafeSlow(size)
}

function byteLength(string, encoding) {
  return Buffer.byteLength(string, encoding)
}

function compare(a, b) {
  return Buffer.compare(a, b)
}

function concat(buffers, totalLength) {
  return Buffer.concat(buffers, totalLength)
}

function copy(source, target, targetStart, start, end) {
  return toBuffer(source).copy(target, targetStart, start, end)
}

function equals(a, b) {
  return toBuffer(a).equals(b)
}

function fill(buffer, value, offset, end, encoding) {
  return toBuffer(buffer).fill(value, offset, end, encoding)
}

function from(value, encodingOrOffset, length) {
  return Buffer.from(value, encodingOrOffset, length)
}

function includes(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).includes(value, byteOffset, encoding)
}

function indexOf(buffer, value, byfeOffset, encoding) {
  return toBuffer(buffer).indexOf(value, byfeOffset, encoding)
}

function lastIndexOf(buffer, value, byteOffset, encoding) {
  return toBuffer(buffer).lastIndexOf(value, byteOffset, encoding)
}

function swap16(buffer) {
  return toBuffer(buffer).swap16()
}

function swap32(buffer) {
  return toBuffer(buffer).swap32()
}

function swap64(buffer) {
  return toBuffer(buffer).swap64()
}

function toBuffer(buffer) {
  if (Buffer.isBuffer(buffer)) return buffer
  return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function toString(buffer, encoding, start, end) {
  return toBuffer(buffer).toString(encoding, start, end)
}

function toHex(buffer, start, end) {
  return toBuffer(buffer).toString('hex', start, end)
}

function write(buffer, string, offset, length, encoding) {
  return toBuffer(buffer).write(string, offset, length, encoding)
}

function readDoubleBE(buffer, offset) {
  return toBuffer(buffer).readDoubleBE(offset)
}

function readDoubleLE(buffer, offset) {
  return toBuffer(buffer).readDoubleLE(offset)
}

function readFloatBE(buffer, offset) {
  return toBuffer(buffer).readFloatBE(offset)
}

function readFloatLE(buffer, offset) {
  return toBuffer(buffer).readFloatLE(offset)
}

function readInt32BE(buffer, offset) {
  return toBuffer(buffer).readInt32BE(offset)
}

function readInt32LE(buffer, offset) {
  return toBuffer(buffer).readInt32LE(offset)
}

function readUInt32BE(buffer, offset) {
  return toBuffer(buffer).readUInt32BE(offset)
}

function readUInt32LE(buffer, offset) {
  return toBuffer(buffer).readUInt32LE(offset)
}

function writeDoubleBE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleBE(value, offset)
}

function writeDoubleLE(buffer, value, offset) {
  return toBuffer(buffer).writeDoubleLE(value, offset)
}

function writeFloatBE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatBE(value, offset)
}

function writeFloatLE(buffer, value, offset) {
  return toBuffer(buffer).writeFloatLE(value, offset)
}

function writeInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32BE(value, offset)
}

function writeInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeInt32LE(value, offset)
}

function writeUInt32BE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32BE(value, offset)
}

function writeUInt32LE(buffer, value, offset) {
  return toBuffer(buffer).writeUInt32LE(value, offset)
}

module.exports = {
  isBuffer,
  isEncoding,
  alloc,
  allocUnsafe,
  allocUnsafeSlow,
  byteLength,
  compare,
  concat,
  copy,
  equals,
  fill,
  from,
  includes,
  indexOf,
  lastIndexOf,
  swap16,
  swap32,
  swap64,
  toBuffer,
  toString,
  toHex,
  write,
  readDoubleBE,
  readDoubleLE,
  readFloatBE,
  readFloatLE,
  readInt32BE,
  readInt32LE,
  readUInt32BE,
  readUInt32LE,
  writeDoubleBE,
  writeDoubleLE,
  writeFloatBE,
  writeFloatLE,
  writeInt32BE,
  writeInt32LE,
  writeUInt32BE,
  writeUInt32LE
}


/***/ }),

/***/ 29580:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(24434)


/***/ }),

/***/ 13587:
/***/ ((module) => {

module.exports = class FixedFIFO {
  constructor (hwm) {
    if (!(hwm > 0) || ((hwm - 1) & hwm) !== 0) throw new Error('Max size for a FixedFIFO should be a power of two')
    this.buffer = new Array(hwm)
    this.mask = hwm - 1
    this.top = 0
    this.btm = 0
    this.next = null
  }

  clear () {
    this.top = this.btm = 0
    this.next = null
    this.buffer.fill(undefined)
  }

  push (data) {
    if (this.buffer[this.top] !== undefined) return false
    this.buffer[this.top] = data
    this.top = (this.top + 1) & this.mask
    return true
  }

  shift () {
    const last = this.buffer[this.btm]
    if (last === undefined) return undefined
    this.buffer[this.btm] = undefined
    this.btm = (this.btm + 1) & this.mask
    return last
  }

  peek () {
    return this.buffer[this.btm]
  }

  isEmpty () {
    return this.buffer[this.btm] === undefined
  }
}


/***/ }),

/***/ 83867:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const FixedFIFO = __nccwpck_require__(13587)

module.exports = class FastFIFO {
  constructor (hwm) {
    this.hwm = hwm || 16
    this.head = new FixedFIFO(this.hwm)
    this.tail = this.head
    this.length = 0
  }

  clear () {
    this.head = this.tail
    this.head.clear()
    this.length = 0
  }

  push (val) {
    this.length++
    if (!this.head.push(val)) {
      const prev = this.head
      this.head = prev.next = new FixedFIFO(2 * this.head.buffer.length)
      this.head.push(val)
    }
  }

  shift () {
    if (this.length !== 0) this.length--
    const val = this.tail.shift()
    if (val === undefined && this.tail.next) {
      const next = this.tail.next
      this.tail.next = null
      this.tail = next
      return this.tail.shift()
    }

    return val
  }

  peek () {
    const val = this.tail.peek()
    if (val === undefined && this.tail.next) return this.tail.next.peek()
    return val
  }

  isEmpty () {
    return this.length === 0
  }
}


/***/ }),

/***/ 6427:
/***/ (function(__unused_webpack_module, exports) {

/*!
 * hash-wasm (https://www.npmjs.com/package/hash-wasm)
 * (c) Dani Biro
 * @license MIT
 */

!function(I,A){ true?A(exports):0}(this,function(I){"use strict";var A,i={name:"blake2b",data:"AGFzbQEAAAABEQRgAAF/YAJ/fwBgAX8AYAAAAwoJAAECAwECAgABBQQBAQICBg8CfwFBgIAEC38AQYCABAsHggEJBm1lbW9yeQIAD19fc3RhY2tfcG9pbnRlcgMADkhhc2hfR2V0QnVmZmVyAAAKSGFzaF9GaW5hbAADCUhhc2hfSW5pdAAFC0hhc2hfVXBkYXRlAAYNSGFzaF9HZXRTdGF0ZQAHDkhhc2hfQ2FsY3VsYXRlAAgKU1RBVEVfU0laRQMBCsU4CQYAQYCBBAvcAgIFfwF+AkAgAUEBSA0AAkAgAUGAAUEAKALgggUiAmsiA0wNAEEAQQA2AuCCBQJAIAJB/wBKDQAgAkHggQVqIQQgACEFQQAhBgNAIAQgBS0AADoAACAFQQFqIQUgBEEBaiEEIAMgBkEBaiIGQf8BcUoNAAsLQQBBACkDwIEFIgdCgAF8NwPAgQVBAEEAKQPIgQUgB0L/flatfDcDyIEFQeCBBRACIAAgA2ohAAJAIAEgA2siBEGBAU4NACAEIQEMAQsgAiABaiEEA0BBAEEAKQPAgQUiB0KAAXw3A8CBBUEAQQApA8iBBSAHQv9+Vq18NwPIgQUgABACIABBgAFqIQAgBEGAf2oiBEGAAksNAAsgBEGAf2ohAQtBACEEA0AgBEEAKALgggVqQeCBBWogACAEai0AADoAACABIARBAWoiBEH/AXFLDQALQQBBACgC4IIFIAFqNgLgggULC78uASR+QQBBACkD0IEFQQApA7CBBSIBQQApA5CBBXwgACkDICICfCIDhULr+obav7X2wR+FQiCJIgRCq/DT9K/uvLc8fCIFIAGFQiiJIgYgA3wgACkDKCIBfCIHIASFQjCJIgggBXwiCSAGhUIBiSIKQQApA8iBBUEAKQOogQUiBEEAKQOIgQV8IAApAxAiA3wiBYVCn9j52cKR2oKbf4VCIIkiC0K7zqqm2NDrs7t/fCIMIASFQiiJIg0gBXwgACkDGCIEfCIOfCAAKQNQIgV8Ig9BACkDwIEFQQApA6CBBSIQQQApA4CBBSIRfCAAKQMAIgZ8IhKFQtGFmu/6z5SH0QCFQiCJIhNCiJLznf/M+YTqAHwiFCAQhUIoiSIVIBJ8IAApAwgiEHwiFiAThUIwiSIXhUIgiSIYQQApA9iBBUEAKQO4gQUiE0EAKQOYgQV8IAApAzAiEnwiGYVC+cL4m5Gjs/DbAIVCIIkiGkLx7fT4paf9p6V/fCIbIBOFQiiJIhwgGXwgACkDOCITfCIZIBqFQjCJIhogG3wiG3wiHSAKhUIoiSIeIA98IAApA1giCnwiDyAYhUIwiSIYIB18Ih0gDiALhUIwiSIOIAx8Ih8gDYVCAYkiDCAWfCAAKQNAIgt8Ig0gGoVCIIkiFiAJfCIaIAyFQiiJIiAgDXwgACkDSCIJfCIhIBaFQjCJIhYgGyAchUIBiSIMIAd8IAApA2AiB3wiDSAOhUIgiSIOIBcgFHwiFHwiFyAMhUIoiSIbIA18IAApA2giDHwiHCAOhUIwiSIOIBd8IhcgG4VCAYkiGyAZIBQgFYVCAYkiFHwgACkDcCINfCIVIAiFQiCJIhkgH3wiHyAUhUIoiSIUIBV8IAApA3giCHwiFXwgDHwiIoVCIIkiI3wiJCAbhUIoiSIbICJ8IBJ8IiIgFyAYIBUgGYVCMIkiFSAffCIZIBSFQgGJIhQgIXwgDXwiH4VCIIkiGHwiFyAUhUIoiSIUIB98IAV8Ih8gGIVCMIkiGCAXfCIXIBSFQgGJIhR8IAF8IiEgFiAafCIWIBUgHSAehUIBiSIaIBx8IAl8IhyFQiCJIhV8Ih0gGoVCKIkiGiAcfCAIfCIcIBWFQjCJIhWFQiCJIh4gGSAOIBYgIIVCAYkiFiAPfCACfCIPhUIgiSIOfCIZIBaFQiiJIhYgD3wgC3wiDyAOhUIwiSIOIBl8Ihl8IiAgFIVCKIkiFCAhfCAEfCIhIB6FQjCJIh4gIHwiICAiICOFQjCJIiIgJHwiIyAbhUIBiSIbIBx8IAp8IhwgDoVCIIkiDiAXfCIXIBuFQiiJIhsgHHwgE3wiHCAOhUIwiSIOIBkgFoVCAYkiFiAffCAQfCIZICKFQiCJIh8gFSAdfCIVfCIdIBaFQiiJIhYgGXwgB3wiGSAfhUIwiSIfIB18Ih0gFoVCAYkiFiAVIBqFQgGJIhUgD3wgBnwiDyAYhUIgiSIYICN8IhogFYVCKIkiFSAPfCADfCIPfCAHfCIihUIgiSIjfCIkIBaFQiiJIhYgInwgBnwiIiAjhUIwiSIjICR8IiQgFoVCAYkiFiAOIBd8Ig4gDyAYhUIwiSIPICAgFIVCAYkiFCAZfCAKfCIXhUIgiSIYfCIZIBSFQiiJIhQgF3wgC3wiF3wgBXwiICAPIBp8Ig8gHyAOIBuFQgGJIg4gIXwgCHwiGoVCIIkiG3wiHyAOhUIoiSIOIBp8IAx8IhogG4VCMIkiG4VCIIkiISAdIB4gDyAVhUIBiSIPIBx8IAF8IhWFQiCJIhx8Ih0gD4VCKIkiDyAVfCADfCIVIByFQjCJIhwgHXwiHXwiHiAWhUIoiSIWICB8IA18IiAgIYVCMIkiISAefCIeIBogFyAYhUIwiSIXIBl8IhggFIVCAYkiFHwgCXwiGSAchUIgiSIaICR8IhwgFIVCKIkiFCAZfCACfCIZIBqFQjCJIhogHSAPhUIBiSIPICJ8IAR8Ih0gF4VCIIkiFyAbIB98Iht8Ih8gD4VCKIkiDyAdfCASfCIdIBeFQjCJIhcgH3wiHyAPhUIBiSIPIBsgDoVCAYkiDiAVfCATfCIVICOFQiCJIhsgGHwiGCAOhUIoiSIOIBV8IBB8IhV8IAx8IiKFQiCJIiN8IiQgD4VCKIkiDyAifCAHfCIiICOFQjCJIiMgJHwiJCAPhUIBiSIPIBogHHwiGiAVIBuFQjCJIhUgHiAWhUIBiSIWIB18IAR8IhuFQiCJIhx8Ih0gFoVCKIkiFiAbfCAQfCIbfCABfCIeIBUgGHwiFSAXIBogFIVCAYkiFCAgfCATfCIYhUIgiSIXfCIaIBSFQiiJIhQgGHwgCXwiGCAXhUIwiSIXhUIgiSIgIB8gISAVIA6FQgGJIg4gGXwgCnwiFYVCIIkiGXwiHyAOhUIoiSIOIBV8IA18IhUgGYVCMIkiGSAffCIffCIhIA+FQiiJIg8gHnwgBXwiHiAghUIwiSIgICF8IiEgGyAchUIwiSIbIB18IhwgFoVCAYkiFiAYfCADfCIYIBmFQiCJIhkgJHwiHSAWhUIoiSIWIBh8IBJ8IhggGYVCMIkiGSAfIA6FQgGJIg4gInwgAnwiHyAbhUIgiSIbIBcgGnwiF3wiGiAOhUIoiSIOIB98IAZ8Ih8gG4VCMIkiGyAafCIaIA6FQgGJIg4gFSAXIBSFQgGJIhR8IAh8IhUgI4VCIIkiFyAcfCIcIBSFQiiJIhQgFXwgC3wiFXwgBXwiIoVCIIkiI3wiJCAOhUIoiSIOICJ8IAh8IiIgGiAgIBUgF4VCMIkiFSAcfCIXIBSFQgGJIhQgGHwgCXwiGIVCIIkiHHwiGiAUhUIoiSIUIBh8IAZ8IhggHIVCMIkiHCAafCIaIBSFQgGJIhR8IAR8IiAgGSAdfCIZIBUgISAPhUIBiSIPIB98IAN8Ih2FQiCJIhV8Ih8gD4VCKIkiDyAdfCACfCIdIBWFQjCJIhWFQiCJIiEgFyAbIBkgFoVCAYkiFiAefCABfCIZhUIgiSIbfCIXIBaFQiiJIhYgGXwgE3wiGSAbhUIwiSIbIBd8Ihd8Ih4gFIVCKIkiFCAgfCAMfCIgICGFQjCJIiEgHnwiHiAiICOFQjCJIiIgJHwiIyAOhUIBiSIOIB18IBJ8Ih0gG4VCIIkiGyAafCIaIA6FQiiJIg4gHXwgC3wiHSAbhUIwiSIbIBcgFoVCAYkiFiAYfCANfCIXICKFQiCJIhggFSAffCIVfCIfIBaFQiiJIhYgF3wgEHwiFyAYhUIwiSIYIB98Ih8gFoVCAYkiFiAVIA+FQgGJIg8gGXwgCnwiFSAchUIgiSIZICN8IhwgD4VCKIkiDyAVfCAHfCIVfCASfCIihUIgiSIjfCIkIBaFQiiJIhYgInwgBXwiIiAjhUIwiSIjICR8IiQgFoVCAYkiFiAbIBp8IhogFSAZhUIwiSIVIB4gFIVCAYkiFCAXfCADfCIXhUIgiSIZfCIbIBSFQiiJIhQgF3wgB3wiF3wgAnwiHiAVIBx8IhUgGCAaIA6FQgGJIg4gIHwgC3wiGoVCIIkiGHwiHCAOhUIoiSIOIBp8IAR8IhogGIVCMIkiGIVCIIkiICAfICEgFSAPhUIBiSIPIB18IAZ8IhWFQiCJIh18Ih8gD4VCKIkiDyAVfCAKfCIVIB2FQjCJIh0gH3wiH3wiISAWhUIoiSIWIB58IAx8Ih4gIIVCMIkiICAhfCIhIBogFyAZhUIwiSIXIBt8IhkgFIVCAYkiFHwgEHwiGiAdhUIgiSIbICR8Ih0gFIVCKIkiFCAafCAJfCIaIBuFQjCJIhsgHyAPhUIBiSIPICJ8IBN8Ih8gF4VCIIkiFyAYIBx8Ihh8IhwgD4VCKIkiDyAffCABfCIfIBeFQjCJIhcgHHwiHCAPhUIBiSIPIBggDoVCAYkiDiAVfCAIfCIVICOFQiCJIhggGXwiGSAOhUIoiSIOIBV8IA18IhV8IA18IiKFQiCJIiN8IiQgD4VCKIkiDyAifCAMfCIiICOFQjCJIiMgJHwiJCAPhUIBiSIPIBsgHXwiGyAVIBiFQjCJIhUgISAWhUIBiSIWIB98IBB8IhiFQiCJIh18Ih8gFoVCKIkiFiAYfCAIfCIYfCASfCIhIBUgGXwiFSAXIBsgFIVCAYkiFCAefCAHfCIZhUIgiSIXfCIbIBSFQiiJIhQgGXwgAXwiGSAXhUIwiSIXhUIgiSIeIBwgICAVIA6FQgGJIg4gGnwgAnwiFYVCIIkiGnwiHCAOhUIoiSIOIBV8IAV8IhUgGoVCMIkiGiAcfCIcfCIgIA+FQiiJIg8gIXwgBHwiISAehUIwiSIeICB8IiAgGCAdhUIwiSIYIB98Ih0gFoVCAYkiFiAZfCAGfCIZIBqFQiCJIhogJHwiHyAWhUIoiSIWIBl8IBN8IhkgGoVCMIkiGiAcIA6FQgGJIg4gInwgCXwiHCAYhUIgiSIYIBcgG3wiF3wiGyAOhUIoiSIOIBx8IAN8IhwgGIVCMIkiGCAbfCIbIA6FQgGJIg4gFSAXIBSFQgGJIhR8IAt8IhUgI4VCIIkiFyAdfCIdIBSFQiiJIhQgFXwgCnwiFXwgBHwiIoVCIIkiI3wiJCAOhUIoiSIOICJ8IAl8IiIgGyAeIBUgF4VCMIkiFSAdfCIXIBSFQgGJIhQgGXwgDHwiGYVCIIkiHXwiGyAUhUIoiSIUIBl8IAp8IhkgHYVCMIkiHSAbfCIbIBSFQgGJIhR8IAN8Ih4gGiAffCIaIBUgICAPhUIBiSIPIBx8IAd8IhyFQiCJIhV8Ih8gD4VCKIkiDyAcfCAQfCIcIBWFQjCJIhWFQiCJIiAgFyAYIBogFoVCAYkiFiAhfCATfCIahUIgiSIYfCIXIBaFQiiJIhYgGnwgDXwiGiAYhUIwiSIYIBd8Ihd8IiEgFIVCKIkiFCAefCAFfCIeICCFQjCJIiAgIXwiISAiICOFQjCJIiIgJHwiIyAOhUIBiSIOIBx8IAt8IhwgGIVCIIkiGCAbfCIbIA6FQiiJIg4gHHwgEnwiHCAYhUIwiSIYIBcgFoVCAYkiFiAZfCABfCIXICKFQiCJIhkgFSAffCIVfCIfIBaFQiiJIhYgF3wgBnwiFyAZhUIwiSIZIB98Ih8gFoVCAYkiFiAVIA+FQgGJIg8gGnwgCHwiFSAdhUIgiSIaICN8Ih0gD4VCKIkiDyAVfCACfCIVfCANfCIihUIgiSIjfCIkIBaFQiiJIhYgInwgCXwiIiAjhUIwiSIjICR8IiQgFoVCAYkiFiAYIBt8IhggFSAahUIwiSIVICEgFIVCAYkiFCAXfCASfCIXhUIgiSIafCIbIBSFQiiJIhQgF3wgCHwiF3wgB3wiISAVIB18IhUgGSAYIA6FQgGJIg4gHnwgBnwiGIVCIIkiGXwiHSAOhUIoiSIOIBh8IAt8IhggGYVCMIkiGYVCIIkiHiAfICAgFSAPhUIBiSIPIBx8IAp8IhWFQiCJIhx8Ih8gD4VCKIkiDyAVfCAEfCIVIByFQjCJIhwgH3wiH3wiICAWhUIoiSIWICF8IAN8IiEgHoVCMIkiHiAgfCIgIBggFyAahUIwiSIXIBt8IhogFIVCAYkiFHwgBXwiGCAchUIgiSIbICR8IhwgFIVCKIkiFCAYfCABfCIYIBuFQjCJIhsgHyAPhUIBiSIPICJ8IAx8Ih8gF4VCIIkiFyAZIB18Ihl8Ih0gD4VCKIkiDyAffCATfCIfIBeFQjCJIhcgHXwiHSAPhUIBiSIPIBkgDoVCAYkiDiAVfCAQfCIVICOFQiCJIhkgGnwiGiAOhUIoiSIOIBV8IAJ8IhV8IBN8IiKFQiCJIiN8IiQgD4VCKIkiDyAifCASfCIiICOFQjCJIiMgJHwiJCAPhUIBiSIPIBsgHHwiGyAVIBmFQjCJIhUgICAWhUIBiSIWIB98IAt8IhmFQiCJIhx8Ih8gFoVCKIkiFiAZfCACfCIZfCAJfCIgIBUgGnwiFSAXIBsgFIVCAYkiFCAhfCAFfCIahUIgiSIXfCIbIBSFQiiJIhQgGnwgA3wiGiAXhUIwiSIXhUIgiSIhIB0gHiAVIA6FQgGJIg4gGHwgEHwiFYVCIIkiGHwiHSAOhUIoiSIOIBV8IAF8IhUgGIVCMIkiGCAdfCIdfCIeIA+FQiiJIg8gIHwgDXwiICAhhUIwiSIhIB58Ih4gGSAchUIwiSIZIB98IhwgFoVCAYkiFiAafCAIfCIaIBiFQiCJIhggJHwiHyAWhUIoiSIWIBp8IAp8IhogGIVCMIkiGCAdIA6FQgGJIg4gInwgBHwiHSAZhUIgiSIZIBcgG3wiF3wiGyAOhUIoiSIOIB18IAd8Ih0gGYVCMIkiGSAbfCIbIA6FQgGJIg4gFSAXIBSFQgGJIhR8IAx8IhUgI4VCIIkiFyAcfCIcIBSFQiiJIhQgFXwgBnwiFXwgEnwiIoVCIIkiI3wiJCAOhUIoiSIOICJ8IBN8IiIgGyAhIBUgF4VCMIkiFSAcfCIXIBSFQgGJIhQgGnwgBnwiGoVCIIkiHHwiGyAUhUIoiSIUIBp8IBB8IhogHIVCMIkiHCAbfCIbIBSFQgGJIhR8IA18IiEgGCAffCIYIBUgHiAPhUIBiSIPIB18IAJ8Ih2FQiCJIhV8Ih4gD4VCKIkiDyAdfCABfCIdIBWFQjCJIhWFQiCJIh8gFyAZIBggFoVCAYkiFiAgfCADfCIYhUIgiSIZfCIXIBaFQiiJIhYgGHwgBHwiGCAZhUIwiSIZIBd8Ihd8IiAgFIVCKIkiFCAhfCAIfCIhIB+FQjCJIh8gIHwiICAiICOFQjCJIiIgJHwiIyAOhUIBiSIOIB18IAd8Ih0gGYVCIIkiGSAbfCIbIA6FQiiJIg4gHXwgDHwiHSAZhUIwiSIZIBcgFoVCAYkiFiAafCALfCIXICKFQiCJIhogFSAefCIVfCIeIBaFQiiJIhYgF3wgCXwiFyAahUIwiSIaIB58Ih4gFoVCAYkiFiAVIA+FQgGJIg8gGHwgBXwiFSAchUIgiSIYICN8IhwgD4VCKIkiDyAVfCAKfCIVfCACfCIChUIgiSIifCIjIBaFQiiJIhYgAnwgC3wiAiAihUIwiSILICN8IiIgFoVCAYkiFiAZIBt8IhkgFSAYhUIwiSIVICAgFIVCAYkiFCAXfCANfCINhUIgiSIXfCIYIBSFQiiJIhQgDXwgBXwiBXwgEHwiECAVIBx8Ig0gGiAZIA6FQgGJIg4gIXwgDHwiDIVCIIkiFXwiGSAOhUIoiSIOIAx8IBJ8IhIgFYVCMIkiDIVCIIkiFSAeIB8gDSAPhUIBiSINIB18IAl8IgmFQiCJIg98IhogDYVCKIkiDSAJfCAIfCIJIA+FQjCJIgggGnwiD3wiGiAWhUIoiSIWIBB8IAd8IhAgEYUgDCAZfCIHIA6FQgGJIgwgCXwgCnwiCiALhUIgiSILIAUgF4VCMIkiBSAYfCIJfCIOIAyFQiiJIgwgCnwgE3wiEyALhUIwiSIKIA58IguFNwOAgQVBACADIAYgDyANhUIBiSINIAJ8fCICIAWFQiCJIgUgB3wiBiANhUIoiSIHIAJ8fCICQQApA4iBBYUgBCABIBIgCSAUhUIBiSIDfHwiASAIhUIgiSISICJ8IgkgA4VCKIkiAyABfHwiASAShUIwiSIEIAl8IhKFNwOIgQVBACATQQApA5CBBYUgECAVhUIwiSIQIBp8IhOFNwOQgQVBACABQQApA5iBBYUgAiAFhUIwiSICIAZ8IgGFNwOYgQVBACASIAOFQgGJQQApA6CBBYUgAoU3A6CBBUEAIBMgFoVCAYlBACkDqIEFhSAKhTcDqIEFQQAgASAHhUIBiUEAKQOwgQWFIASFNwOwgQVBACALIAyFQgGJQQApA7iBBYUgEIU3A7iBBQveAgUBfwF+AX8BfgJ/IwBBwABrIgAkAAJAQQApA9CBBUIAUg0AQQBBACkDwIEFIgFBACgC4IIFIgKsfCIDNwPAgQVBAEEAKQPIgQUgAyABVK18NwPIgQUCQEEALQDoggVFDQBBAEJ/NwPYgQULQQBCfzcD0IEFAkAgAkH/AEoNAEEAIQQDQCACIARqQeCBBWpBADoAACAEQQFqIgRBgAFBACgC4IIFIgJrSA0ACwtB4IEFEAIgAEEAKQOAgQU3AwAgAEEAKQOIgQU3AwggAEEAKQOQgQU3AxAgAEEAKQOYgQU3AxggAEEAKQOggQU3AyAgAEEAKQOogQU3AyggAEEAKQOwgQU3AzAgAEEAKQO4gQU3AzhBACgC5IIFIgVBAUgNAEEAIQJBACEEA0AgBEGAgQRqIAAgBGotAAA6AAAgBEEBaiEEIAUgAkEBaiICQf8BcUsNAAsLIABBwABqJAAL+gMCAn8BfiMAQYABayICJABBAEGBAjsB8oIFQQAgAToA8YIFQQAgADoA8IIFQZB+IQADQCAAQYCDBWpCADcAACAAQfiCBWpCADcAACAAQfCCBWpCADcAACAAQRhqIgANAAtBACEDQQBBACkD8IIFIgRCiJLznf/M+YTqAIU3A4CBBUEAQQApA/iCBUK7zqqm2NDrs7t/hTcDiIEFQQBBACkDgIMFQqvw0/Sv7ry3PIU3A5CBBUEAQQApA4iDBULx7fT4paf9p6V/hTcDmIEFQQBBACkDkIMFQtGFmu/6z5SH0QCFNwOggQVBAEEAKQOYgwVCn9j52cKR2oKbf4U3A6iBBUEAQQApA6CDBULr+obav7X2wR+FNwOwgQVBAEEAKQOogwVC+cL4m5Gjs/DbAIU3A7iBBUEAIASnQf8BcTYC5IIFAkAgAUUNACACQgA3A3ggAkIANwNwIAJCADcDaCACQgA3A2AgAkIANwNYIAJCADcDUCACQgA3A0ggAkIANwNAIAJCADcDOCACQgA3AzAgAkIANwMoIAJCADcDICACQgA3AxggAkIANwMQIAJCADcDCCACQgA3AwBBACEAA0AgAiAAaiAAQYCBBGotAAA6AAAgAEEBaiEAIAEgA0EBaiIDQf8BcUsNAAsgAkGAARABCyACQYABaiQACxIAIABBA3ZB/z9xIABBEHYQBAsKAEGAgQQgABABCwYAQYCBBQscACABQQN2Qf8/cSABQRB2EARBgIEEIAAQARADCwsMAQBBgIAECwTwAAAA",hash:"22cf500a"};function C(I,A,i,C){return new(i||(i=Promise))(function(g,h){function B(I){try{f(C.next(I))}catch(I){h(I)}}function e(I){try{f(C.throw(I))}catch(I){h(I)}}function f(I){var A;I.done?g(I.value):(A=I.value,A instanceof i?A:new i(function(I){I(A)})).then(B,e)}f((C=C.apply(I,A||[])).next())})}"function"==typeof SuppressedError&&SuppressedError;class g{constructor(){this.mutex=Promise.resolve()}lock(){let I=()=>{};return this.mutex=this.mutex.then(()=>new Promise(I)),new Promise(A=>{I=A})}dispatch(I){return C(this,void 0,void 0,function*(){const A=yield this.lock();try{return yield Promise.resolve(I())}finally{A()}})}}const h="undefined"!=typeof globalThis?globalThis:"undefined"!=typeof self?self:"undefined"!=typeof window?window:global,B=null!==(A=h.Buffer)&&void 0!==A?A:null,e=h.TextEncoder?new h.TextEncoder:null;function f(I,A){return(15&I)+(I>>6|I>>3&8)<<4|(15&A)+(A>>6|A>>3&8)}const t="a".charCodeAt(0)-10,w="0".charCodeAt(0);function F(I,A,i){let C=0;for(let g=0;g<i;g++){let i=A[g]>>>4;I[C++]=i>9?i+t:i+w,i=15&A[g],I[C++]=i>9?i+t:i+w}return String.fromCharCode.apply(null,I)}const Q=null!==B?I=>{if("string"==typeof I){const A=B.from(I,"utf8");return new Uint8Array(A.buffer,A.byteOffset,A.length)}if(B.isBuffer(I))return new Uint8Array(I.buffer,I.byteOffset,I.length);if(ArrayBuffer.isView(I))return new Uint8Array(I.buffer,I.byteOffset,I.byteLength);throw new Error("Invalid data type!")}:I=>{if("string"==typeof I)return e.encode(I);if(ArrayBuffer.isView(I))return new Uint8Array(I.buffer,I.byteOffset,I.byteLength);throw new Error("Invalid data type!")},n="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",o=new Uint8Array(256);for(let I=0;I<64;I++)o[n.charCodeAt(I)]=I;function r(I){const A=function(I){let A=Math.floor(.75*I.length);const i=I.length;return"="===I[i-1]&&(A-=1,"="===I[i-2]&&(A-=1)),A}(I),i=I.length,C=new Uint8Array(A);let g=0;for(let A=0;A<i;A+=4){const i=o[I.charCodeAt(A)],h=o[I.charCodeAt(A+1)],B=o[I.charCodeAt(A+2)],e=o[I.charCodeAt(A+3)];C[g]=i<<2|h>>4,g+=1,C[g]=(15&h)<<4|B>>2,g+=1,C[g]=(3&B)<<6|63&e,g+=1}return C}const S=16384,U=new g,a=new Map;function s(I,A){return C(this,void 0,void 0,function*(){let i=null,g=null,h=!1;if("undefined"==typeof WebAssembly)throw new Error("WebAssembly is not supported in this environment!");const B=()=>new DataView(i.exports.memory.buffer).getUint32(i.exports.STATE_SIZE,!0),e=U.dispatch(()=>C(this,void 0,void 0,function*(){if(!a.has(I.name)){const A=r(I.data),i=WebAssembly.compile(A.buffer);a.set(I.name,i)}const A=yield a.get(I.name);i=yield WebAssembly.instantiate(A,{})})),t=(I=null)=>{h=!0,i.exports.Hash_Init(I)},w=I=>{if(!h)throw new Error("update() called before init()");(I=>{let A=0;for(;A<I.length;){const C=I.subarray(A,A+S);A+=C.length,g.set(C),i.exports.Hash_Update(C.length)}})(Q(I))},n=new Uint8Array(2*A),o=(I,C=null)=>{if(!h)throw new Error("digest() called before init()");return h=!1,i.exports.Hash_Final(C),"binary"===I?g.slice(0,A):F(n,g,A)},s=I=>"string"==typeof I?I.length<4096:I.byteLength<S;let V=s;switch(I.name){case"argon2":case"scrypt":V=()=>!0;break;case"blake2b":case"blake2s":V=(I,A)=>A<=512&&s(I);break;case"blake3":V=(I,A)=>0===A&&s(I);break;case"xxhash64":case"xxhash3":case"xxhash128":case"crc64":V=()=>!1}return yield(()=>C(this,void 0,void 0,function*(){i||(yield e);const I=i.exports.Hash_GetBuffer(),A=i.exports.memory.buffer;g=new Uint8Array(A,I,S)}))(),{getMemory:()=>g,writeMemory:(I,A=0)=>{g.set(I,A)},getExports:()=>i.exports,setMemorySize:I=>{i.exports.Hash_SetMemorySize(I);const A=i.exports.Hash_GetBuffer(),C=i.exports.memory.buffer;g=new Uint8Array(C,A,I)},init:t,update:w,digest:o,save:()=>{if(!h)throw new Error("save() can only be called after init() and before digest()");const A=i.exports.Hash_GetState(),C=B(),g=i.exports.memory.buffer,e=new Uint8Array(g,A,C),t=new Uint8Array(4+C);return function(I,A){const i=A.length>>1;for(let C=0;C<i;C++){const i=C<<1;I[C]=f(A.charCodeAt(i),A.charCodeAt(i+1))}}(t,I.hash),t.set(e,4),t},load:A=>{if(!(A instanceof Uint8Array))throw new Error("load() expects an Uint8Array generated by save()");const C=i.exports.Hash_GetState(),g=B(),e=4+g,t=i.exports.memory.buffer;if(A.length!==e)throw new Error(`Bad state length (expected ${e} bytes, got ${A.length})`);if(!function(I,A){if(I.length!==2*A.length)return!1;for(let i=0;i<A.length;i++){const C=i<<1;if(A[i]!==f(I.charCodeAt(C),I.charCodeAt(C+1)))return!1}return!0}(I.hash,A.subarray(0,4)))throw new Error("This state was written by an incompatible hash implementation");const w=A.subarray(4);new Uint8Array(t,C,g).set(w),h=!0},calculate:(I,C=null,h=null)=>{if(!V(I,C))return t(C),w(I),o("hex",h);const B=Q(I);return g.set(B),i.exports.Hash_Calculate(B.length,C,h),F(n,g,A)},hashLength:A}})}const V=new g;let J=null;function c(I){return!Number.isInteger(I)||I<8||I>512||I%8!=0?new Error("Invalid variant! Valid values: 8, 16, ..., 512"):null}function k(I,A){return I|A<<16}I.blake2b=function(I,A=512,g=null){if(c(A))return Promise.reject(c(A));let h=null,B=A;if(null!==g){if(h=Q(g),h.length>64)return Promise.reject(new Error("Max key length is 64 bytes"));B=k(A,h.length)}const e=A/8;if(null===J||J.hashLength!==e)return function(I,A,i){return C(this,void 0,void 0,function*(){const C=yield I.lock(),g=yield s(A,i);return C(),g})}(V,i,e).then(A=>(J=A,B>512&&J.writeMemory(h),J.calculate(I,B)));try{B>512&&J.writeMemory(h);const A=J.calculate(I,B);return Promise.resolve(A)}catch(I){return Promise.reject(I)}},I.createBLAKE2b=function(I=512,A=null){if(c(I))return Promise.reject(c(I));let C=null,g=I;if(null!==A){if(C=Q(A),C.length>64)return Promise.reject(new Error("Max key length is 64 bytes"));g=k(I,C.length)}const h=I/8;return s(i,h).then(I=>{g>512&&I.writeMemory(C),I.init(g);const A={init:g>512?()=>(I.writeMemory(C),I.init(g),A):()=>(I.init(g),A),update:i=>(I.update(i),A),digest:A=>I.digest(A),save:()=>I.save(),load:i=>(I.load(i),A),blockSize:128,digestSize:h};return A})}});


/***/ }),

/***/ 73313:
/***/ ((module) => {

module.exports = Pend;

function Pend() {
  this.pending = 0;
  this.max = Infinity;
  this.listeners = [];
  this.waiting = [];
  this.error = null;
}

Pend.prototype.go = function(fn) {
  if (this.pending < this.max) {
    pendGo(this, fn);
  } else {
    this.waiting.push(fn);
  }
};

Pend.prototype.wait = function(cb) {
  if (this.pending === 0) {
    cb(this.error);
  } else {
    this.listeners.push(cb);
  }
};

Pend.prototype.hold = function() {
  return pendHold(this);
};

function pendHold(self) {
  self.pending += 1;
  var called = false;
  return onCb;
  function onCb(err) {
    if (called) throw new Error("callback called twice");
    called = true;
    self.error = self.error || err;
    self.pending -= 1;
    if (self.waiting.length > 0 && self.pending < self.max) {
      pendGo(self, self.waiting.shift());
    } else if (self.pending === 0) {
      var listeners = self.listeners;
      self.listeners = [];
      listeners.forEach(cbListener);
    }
  }
  function cbListener(listener) {
    listener(self.error);
  }
}

function pendGo(self, fn) {
  fn(pendHold(self));
}


/***/ }),

/***/ 14006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(98016);
const utils = __nccwpck_require__(64059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 78265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(64059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 98016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(31781);
const parse = __nccwpck_require__(78265);
const utils = __nccwpck_require__(64059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 31781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(64059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 64059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 59800:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
exports.wT = __webpack_unused_export__ = void 0;
const ed5 = __nccwpck_require__(96950);
const ed2 = __nccwpck_require__(24488);
const NSed3 = __nccwpck_require__(85699);
var isS = ed5.isS;
var isChar10 = ed5.isChar;
var isNameStartChar = ed5.isNameStartChar;
var isNameChar = ed5.isNameChar;
var S_LIST = ed5.S_LIST;
var NAME_RE = ed5.NAME_RE;
var isChar11 = ed2.isChar;
var isNCNameStartChar = NSed3.isNCNameStartChar;
var isNCNameChar = NSed3.isNCNameChar;
var NC_NAME_RE = NSed3.NC_NAME_RE;
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
const rootNS = {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
    __proto__: null,
    xml: XML_NAMESPACE,
    xmlns: XMLNS_NAMESPACE,
};
const XML_ENTITIES = {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
    __proto__: null,
    amp: "&",
    gt: ">",
    lt: "<",
    quot: "\"",
    apos: "'",
};
// EOC: end-of-chunk
const EOC = -1;
const NL_LIKE = -2;
const S_BEGIN = 0; // Initial state.
const S_BEGIN_WHITESPACE = 1; // leading whitespace
const S_DOCTYPE = 2; // <!DOCTYPE
const S_DOCTYPE_QUOTE = 3; // <!DOCTYPE "//blah
const S_DTD = 4; // <!DOCTYPE "//blah" [ ...
const S_DTD_QUOTED = 5; // <!DOCTYPE "//blah" [ "foo
const S_DTD_OPEN_WAKA = 6;
const S_DTD_OPEN_WAKA_BANG = 7;
const S_DTD_COMMENT = 8; // <!--
const S_DTD_COMMENT_ENDING = 9; // <!-- blah -
const S_DTD_COMMENT_ENDED = 10; // <!-- blah --
const S_DTD_PI = 11; // <?
const S_DTD_PI_ENDING = 12; // <?hi "there" ?
const S_TEXT = 13; // general stuff
const S_ENTITY = 14; // &amp and such
const S_OPEN_WAKA = 15; // <
const S_OPEN_WAKA_BANG = 16; // <!...
const S_COMMENT = 17; // <!--
const S_COMMENT_ENDING = 18; // <!-- blah -
const S_COMMENT_ENDED = 19; // <!-- blah --
const S_CDATA = 20; // <![CDATA[ something
const S_CDATA_ENDING = 21; // ]
const S_CDATA_ENDING_2 = 22; // ]]
const S_PI_FIRST_CHAR = 23; // <?hi, first char
const S_PI_REST = 24; // <?hi, rest of the name
const S_PI_BODY = 25; // <?hi there
const S_PI_ENDING = 26; // <?hi "there" ?
const S_XML_DECL_NAME_START = 27; // <?xml
const S_XML_DECL_NAME = 28; // <?xml foo
const S_XML_DECL_EQ = 29; // <?xml foo=
const S_XML_DECL_VALUE_START = 30; // <?xml foo=
const S_XML_DECL_VALUE = 31; // <?xml foo="bar"
const S_XML_DECL_SEPARATOR = 32; // <?xml foo="bar"
const S_XML_DECL_ENDING = 33; // <?xml ... ?
const S_OPEN_TAG = 34; // <strong
const S_OPEN_TAG_SLASH = 35; // <strong /
const S_ATTRIB = 36; // <a
const S_ATTRIB_NAME = 37; // <a foo
const S_ATTRIB_NAME_SAW_WHITE = 38; // <a foo _
const S_ATTRIB_VALUE = 39; // <a foo=
const S_ATTRIB_VALUE_QUOTED = 40; // <a foo="bar
const S_ATTRIB_VALUE_CLOSED = 41; // <a foo="bar"
const S_ATTRIB_VALUE_UNQUOTED = 42; // <a foo=bar
const S_CLOSE_TAG = 43; // </a
const S_CLOSE_TAG_SAW_WHITE = 44; // </a   >
const TAB = 9;
const NL = 0xA;
const CR = 0xD;
const SPACE = 0x20;
const BANG = 0x21;
const DQUOTE = 0x22;
const AMP = 0x26;
const SQUOTE = 0x27;
const MINUS = 0x2D;
const FORWARD_SLASH = 0x2F;
const SEMICOLON = 0x3B;
const LESS = 0x3C;
const EQUAL = 0x3D;
const GREATER = 0x3E;
const QUESTION = 0x3F;
const OPEN_BRACKET = 0x5B;
const CLOSE_BRACKET = 0x5D;
const NEL = 0x85;
const LS = 0x2028; // Line Separator
const isQuote = (c) => c === DQUOTE || c === SQUOTE;
const QUOTES = [DQUOTE, SQUOTE];
const DOCTYPE_TERMINATOR = [...QUOTES, OPEN_BRACKET, GREATER];
const DTD_TERMINATOR = [...QUOTES, LESS, CLOSE_BRACKET];
const XML_DECL_NAME_TERMINATOR = [EQUAL, QUESTION, ...S_LIST];
const ATTRIB_VALUE_UNQUOTED_TERMINATOR = [...S_LIST, GREATER, AMP, LESS];
function nsPairCheck(parser, prefix, uri) {
    switch (prefix) {
        case "xml":
            if (uri !== XML_NAMESPACE) {
                parser.fail(`xml prefix must be bound to ${XML_NAMESPACE}.`);
            }
            break;
        case "xmlns":
            if (uri !== XMLNS_NAMESPACE) {
                parser.fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
            }
            break;
        default:
    }
    switch (uri) {
        case XMLNS_NAMESPACE:
            parser.fail(prefix === "" ?
                `the default namespace may not be set to ${uri}.` :
                `may not assign a prefix (even "xmlns") to the URI \
${XMLNS_NAMESPACE}.`);
            break;
        case XML_NAMESPACE:
            switch (prefix) {
                case "xml":
                    // Assinging the XML namespace to "xml" is fine.
                    break;
                case "":
                    parser.fail(`the default namespace may not be set to ${uri}.`);
                    break;
                default:
                    parser.fail("may not assign the xml namespace to another prefix.");
            }
            break;
        default:
    }
}
function nsMappingCheck(parser, mapping) {
    for (const local of Object.keys(mapping)) {
        nsPairCheck(parser, local, mapping[local]);
    }
}
const isNCName = (name) => NC_NAME_RE.test(name);
const isName = (name) => NAME_RE.test(name);
const FORBIDDEN_START = 0;
const FORBIDDEN_BRACKET = 1;
const FORBIDDEN_BRACKET_BRACKET = 2;
/**
 * The list of supported events.
 */
__webpack_unused_export__ = [
    "xmldecl",
    "text",
    "processinginstruction",
    "doctype",
    "comment",
    "opentagstart",
    "attribute",
    "opentag",
    "closetag",
    "cdata",
    "error",
    "end",
    "ready",
];
const EVENT_NAME_TO_HANDLER_NAME = {
    xmldecl: "xmldeclHandler",
    text: "textHandler",
    processinginstruction: "piHandler",
    doctype: "doctypeHandler",
    comment: "commentHandler",
    opentagstart: "openTagStartHandler",
    attribute: "attributeHandler",
    opentag: "openTagHandler",
    closetag: "closeTagHandler",
    cdata: "cdataHandler",
    error: "errorHandler",
    end: "endHandler",
    ready: "readyHandler",
};
// eslint-disable-next-line @typescript-eslint/ban-types
class SaxesParser {
    /**
     * @param opt The parser options.
     */
    constructor(opt) {
        this.opt = opt !== null && opt !== void 0 ? opt : {};
        this.fragmentOpt = !!this.opt.fragment;
        const xmlnsOpt = this.xmlnsOpt = !!this.opt.xmlns;
        this.trackPosition = this.opt.position !== false;
        this.fileName = this.opt.fileName;
        if (xmlnsOpt) {
            // This is the function we use to perform name checks on PIs and entities.
            // When namespaces are used, colons are not allowed in PI target names or
            // entity names. So the check depends on whether namespaces are used. See:
            //
            // https://www.w3.org/XML/xml-names-19990114-errata.html
            // NE08
            //
            this.nameStartCheck = isNCNameStartChar;
            this.nameCheck = isNCNameChar;
            this.isName = isNCName;
            // eslint-disable-next-line @typescript-eslint/unbound-method
            this.processAttribs = this.processAttribsNS;
            // eslint-disable-next-line @typescript-eslint/unbound-method
            this.pushAttrib = this.pushAttribNS;
            // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
            this.ns = Object.assign({ __proto__: null }, rootNS);
            const additional = this.opt.additionalNamespaces;
            if (additional != null) {
                nsMappingCheck(this, additional);
                Object.assign(this.ns, additional);
            }
        }
        else {
            this.nameStartCheck = isNameStartChar;
            this.nameCheck = isNameChar;
            this.isName = isName;
            // eslint-disable-next-line @typescript-eslint/unbound-method
            this.processAttribs = this.processAttribsPlain;
            // eslint-disable-next-line @typescript-eslint/unbound-method
            this.pushAttrib = this.pushAttribPlain;
        }
        //
        // The order of the members in this table needs to correspond to the state
        // numbers given to the states that correspond to the methods being recorded
        // here.
        //
        this.stateTable = [
            /* eslint-disable @typescript-eslint/unbound-method */
            this.sBegin,
            this.sBeginWhitespace,
            this.sDoctype,
            this.sDoctypeQuote,
            this.sDTD,
            this.sDTDQuoted,
            this.sDTDOpenWaka,
            this.sDTDOpenWakaBang,
            this.sDTDComment,
            this.sDTDCommentEnding,
            this.sDTDCommentEnded,
            this.sDTDPI,
            this.sDTDPIEnding,
            this.sText,
            this.sEntity,
            this.sOpenWaka,
            this.sOpenWakaBang,
            this.sComment,
            this.sCommentEnding,
            this.sCommentEnded,
            this.sCData,
            this.sCDataEnding,
            this.sCDataEnding2,
            this.sPIFirstChar,
            this.sPIRest,
            this.sPIBody,
            this.sPIEnding,
            this.sXMLDeclNameStart,
            this.sXMLDeclName,
            this.sXMLDeclEq,
            this.sXMLDeclValueStart,
            this.sXMLDeclValue,
            this.sXMLDeclSeparator,
            this.sXMLDeclEnding,
            this.sOpenTag,
            this.sOpenTagSlash,
            this.sAttrib,
            this.sAttribName,
            this.sAttribNameSawWhite,
            this.sAttribValue,
            this.sAttribValueQuoted,
            this.sAttribValueClosed,
            this.sAttribValueUnquoted,
            this.sCloseTag,
            this.sCloseTagSawWhite,
            /* eslint-enable @typescript-eslint/unbound-method */
        ];
        this._init();
    }
    /**
     * Indicates whether or not the parser is closed. If ``true``, wait for
     * the ``ready`` event to write again.
     */
    get closed() {
        return this._closed;
    }
    _init() {
        var _a;
        this.openWakaBang = "";
        this.text = "";
        this.name = "";
        this.piTarget = "";
        this.entity = "";
        this.q = null;
        this.tags = [];
        this.tag = null;
        this.topNS = null;
        this.chunk = "";
        this.chunkPosition = 0;
        this.i = 0;
        this.prevI = 0;
        this.carriedFromPrevious = undefined;
        this.forbiddenState = FORBIDDEN_START;
        this.attribList = [];
        // The logic is organized so as to minimize the need to check
        // this.opt.fragment while parsing.
        const { fragmentOpt } = this;
        this.state = fragmentOpt ? S_TEXT : S_BEGIN;
        // We want these to be all true if we are dealing with a fragment.
        this.reportedTextBeforeRoot = this.reportedTextAfterRoot = this.closedRoot =
            this.sawRoot = fragmentOpt;
        // An XML declaration is intially possible only when parsing whole
        // documents.
        this.xmlDeclPossible = !fragmentOpt;
        this.xmlDeclExpects = ["version"];
        this.entityReturnState = undefined;
        let { defaultXMLVersion } = this.opt;
        if (defaultXMLVersion === undefined) {
            if (this.opt.forceXMLVersion === true) {
                throw new Error("forceXMLVersion set but defaultXMLVersion is not set");
            }
            defaultXMLVersion = "1.0";
        }
        this.setXMLVersion(defaultXMLVersion);
        this.positionAtNewLine = 0;
        this.doctype = false;
        this._closed = false;
        this.xmlDecl = {
            version: undefined,
            encoding: undefined,
            standalone: undefined,
        };
        this.line = 1;
        this.column = 0;
        this.ENTITIES = Object.create(XML_ENTITIES);
        (_a = this.readyHandler) === null || _a === void 0 ? void 0 : _a.call(this);
    }
    /**
     * The stream position the parser is currently looking at. This field is
     * zero-based.
     *
     * This field is not based on counting Unicode characters but is to be
     * interpreted as a plain index into a JavaScript string.
     */
    get position() {
        return this.chunkPosition + this.i;
    }
    /**
     * The column number of the next character to be read by the parser.  *
     * This field is zero-based. (The first column in a line is 0.)
     *
     * This field reports the index at which the next character would be in the
     * line if the line were represented as a JavaScript string.  Note that this
     * *can* be different to a count based on the number of *Unicode characters*
     * due to how JavaScript handles astral plane characters.
     *
     * See [[column]] for a number that corresponds to a count of Unicode
     * characters.
     */
    get columnIndex() {
        return this.position - this.positionAtNewLine;
    }
    /**
     * Set an event listener on an event. The parser supports one handler per
     * event type. If you try to set an event handler over an existing handler,
     * the old handler is silently overwritten.
     *
     * @param name The event to listen to.
     *
     * @param handler The handler to set.
     */
    on(name, handler) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = handler;
    }
    /**
     * Unset an event handler.
     *
     * @parma name The event to stop listening to.
     */
    off(name) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = undefined;
    }
    /**
     * Make an error object. The error object will have a message that contains
     * the ``fileName`` option passed at the creation of the parser. If position
     * tracking was turned on, it will also have line and column number
     * information.
     *
     * @param message The message describing the error to report.
     *
     * @returns An error object with a properly formatted message.
     */
    makeError(message) {
        var _a;
        let msg = (_a = this.fileName) !== null && _a !== void 0 ? _a : "";
        if (this.trackPosition) {
            if (msg.length > 0) {
                msg += ":";
            }
            msg += `${this.line}:${this.column}`;
        }
        if (msg.length > 0) {
            msg += ": ";
        }
        return new Error(msg + message);
    }
    /**
     * Report a parsing error. This method is made public so that client code may
     * check for issues that are outside the scope of this project and can report
     * errors.
     *
     * @param message The error to report.
     *
     * @returns this
     */
    fail(message) {
        const err = this.makeError(message);
        const handler = this.errorHandler;
        if (handler === undefined) {
            throw err;
        }
        else {
            handler(err);
        }
        return this;
    }
    /**
     * Write a XML data to the parser.
     *
     * @param chunk The XML data to write.
     *
     * @returns this
     */
    // We do need object for the type here. Yes, it often causes problems
    // but not in this case.
    write(chunk) {
        if (this.closed) {
            return this.fail("cannot write after close; assign an onready handler.");
        }
        let end = false;
        if (chunk === null) {
            // We cannot return immediately because carriedFromPrevious may need
            // processing.
            end = true;
            chunk = "";
        }
        else if (typeof chunk === "object") {
            chunk = chunk.toString();
        }
        // We checked if performing a pre-decomposition of the string into an array
        // of single complete characters (``Array.from(chunk)``) would be faster
        // than the current repeated calls to ``charCodeAt``. As of August 2018, it
        // isn't. (There may be Node-specific code that would perform faster than
        // ``Array.from`` but don't want to be dependent on Node.)
        if (this.carriedFromPrevious !== undefined) {
            // The previous chunk had char we must carry over.
            chunk = `${this.carriedFromPrevious}${chunk}`;
            this.carriedFromPrevious = undefined;
        }
        let limit = chunk.length;
        const lastCode = chunk.charCodeAt(limit - 1);
        if (!end &&
            // A trailing CR or surrogate must be carried over to the next
            // chunk.
            (lastCode === CR || (lastCode >= 0xD800 && lastCode <= 0xDBFF))) {
            // The chunk ends with a character that must be carried over. We cannot
            // know how to handle it until we get the next chunk or the end of the
            // stream. So save it for later.
            this.carriedFromPrevious = chunk[limit - 1];
            limit--;
            chunk = chunk.slice(0, limit);
        }
        const { stateTable } = this;
        this.chunk = chunk;
        this.i = 0;
        while (this.i < limit) {
            // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument
            stateTable[this.state].call(this);
        }
        this.chunkPosition += limit;
        return end ? this.end() : this;
    }
    /**
     * Close the current stream. Perform final well-formedness checks and reset
     * the parser tstate.
     *
     * @returns this
     */
    close() {
        return this.write(null);
    }
    /**
     * Get a single code point out of the current chunk. This updates the current
     * position if we do position tracking.
     *
     * This is the algorithm to use for XML 1.0.
     *
     * @returns The character read.
     */
    getCode10() {
        const { chunk, i } = this;
        this.prevI = i;
        // Yes, we do this instead of doing this.i++. Doing it this way, we do not
        // read this.i again, which is a bit faster.
        this.i = i + 1;
        if (i >= chunk.length) {
            return EOC;
        }
        // Using charCodeAt and handling the surrogates ourselves is faster
        // than using codePointAt.
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 0xD800) {
            if (code >= SPACE || code === TAB) {
                return code;
            }
            switch (code) {
                case NL:
                    this.line++;
                    this.column = 0;
                    this.positionAtNewLine = this.position;
                    return NL;
                case CR:
                    // We may get NaN if we read past the end of the chunk, which is fine.
                    if (chunk.charCodeAt(i + 1) === NL) {
                        // A \r\n sequence is converted to \n so we have to skip over the
                        // next character. We already know it has a size of 1 so ++ is fine
                        // here.
                        this.i = i + 2;
                    }
                    // Otherwise, a \r is just converted to \n, so we don't have to skip
                    // ahead.
                    // In either case, \r becomes \n.
                    this.line++;
                    this.column = 0;
                    this.positionAtNewLine = this.position;
                    return NL_LIKE;
                default:
                    // If we get here, then code < SPACE and it is not NL CR or TAB.
                    this.fail("disallowed character.");
                    return code;
            }
        }
        if (code > 0xDBFF) {
            // This is a specialized version of isChar10 that takes into account
            // that in this context code > 0xDBFF and code <= 0xFFFF. So it does not
            // test cases that don't need testing.
            if (!(code >= 0xE000 && code <= 0xFFFD)) {
                this.fail("disallowed character.");
            }
            return code;
        }
        const final = 0x10000 + ((code - 0xD800) * 0x400) +
            (chunk.charCodeAt(i + 1) - 0xDC00);
        this.i = i + 2;
        // This is a specialized version of isChar10 that takes into account that in
        // this context necessarily final >= 0x10000.
        if (final > 0x10FFFF) {
            this.fail("disallowed character.");
        }
        return final;
    }
    /**
     * Get a single code point out of the current chunk. This updates the current
     * position if we do position tracking.
     *
     * This is the algorithm to use for XML 1.1.
     *
     * @returns {number} The character read.
     */
    getCode11() {
        const { chunk, i } = this;
        this.prevI = i;
        // Yes, we do this instead of doing this.i++. Doing it this way, we do not
        // read this.i again, which is a bit faster.
        this.i = i + 1;
        if (i >= chunk.length) {
            return EOC;
        }
        // Using charCodeAt and handling the surrogates ourselves is faster
        // than using codePointAt.
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 0xD800) {
            if ((code > 0x1F && code < 0x7F) || (code > 0x9F && code !== LS) ||
                code === TAB) {
                return code;
            }
            switch (code) {
                case NL: // 0xA
                    this.line++;
                    this.column = 0;
                    this.positionAtNewLine = this.position;
                    return NL;
                case CR: { // 0xD
                    // We may get NaN if we read past the end of the chunk, which is
                    // fine.
                    const next = chunk.charCodeAt(i + 1);
                    if (next === NL || next === NEL) {
                        // A CR NL or CR NEL sequence is converted to NL so we have to skip
                        // over the next character. We already know it has a size of 1.
                        this.i = i + 2;
                    }
                    // Otherwise, a CR is just converted to NL, no skip.
                }
                /* yes, fall through */
                case NEL: // 0x85
                case LS: // Ox2028
                    this.line++;
                    this.column = 0;
                    this.positionAtNewLine = this.position;
                    return NL_LIKE;
                default:
                    this.fail("disallowed character.");
                    return code;
            }
        }
        if (code > 0xDBFF) {
            // This is a specialized version of isCharAndNotRestricted that takes into
            // account that in this context code > 0xDBFF and code <= 0xFFFF. So it
            // does not test cases that don't need testing.
            if (!(code >= 0xE000 && code <= 0xFFFD)) {
                this.fail("disallowed character.");
            }
            return code;
        }
        const final = 0x10000 + ((code - 0xD800) * 0x400) +
            (chunk.charCodeAt(i + 1) - 0xDC00);
        this.i = i + 2;
        // This is a specialized version of isCharAndNotRestricted that takes into
        // account that in this context necessarily final >= 0x10000.
        if (final > 0x10FFFF) {
            this.fail("disallowed character.");
        }
        return final;
    }
    /**
     * Like ``getCode`` but with the return value normalized so that ``NL`` is
     * returned for ``NL_LIKE``.
     */
    getCodeNorm() {
        const c = this.getCode();
        return c === NL_LIKE ? NL : c;
    }
    unget() {
        this.i = this.prevI;
        this.column--;
    }
    /**
     * Capture characters into a buffer until encountering one of a set of
     * characters.
     *
     * @param chars An array of codepoints. Encountering a character in the array
     * ends the capture. (``chars`` may safely contain ``NL``.)
     *
     * @return The character code that made the capture end, or ``EOC`` if we hit
     * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
     * instead.
     */
    captureTo(chars) {
        let { i: start } = this;
        const { chunk } = this;
        // eslint-disable-next-line no-constant-condition
        while (true) {
            const c = this.getCode();
            const isNLLike = c === NL_LIKE;
            const final = isNLLike ? NL : c;
            if (final === EOC || chars.includes(final)) {
                this.text += chunk.slice(start, this.prevI);
                return final;
            }
            if (isNLLike) {
                this.text += `${chunk.slice(start, this.prevI)}\n`;
                start = this.i;
            }
        }
    }
    /**
     * Capture characters into a buffer until encountering a character.
     *
     * @param char The codepoint that ends the capture. **NOTE ``char`` MAY NOT
     * CONTAIN ``NL``.** Passing ``NL`` will result in buggy behavior.
     *
     * @return ``true`` if we ran into the character. Otherwise, we ran into the
     * end of the current chunk.
     */
    captureToChar(char) {
        let { i: start } = this;
        const { chunk } = this;
        // eslint-disable-next-line no-constant-condition
        while (true) {
            let c = this.getCode();
            switch (c) {
                case NL_LIKE:
                    this.text += `${chunk.slice(start, this.prevI)}\n`;
                    start = this.i;
                    c = NL;
                    break;
                case EOC:
                    this.text += chunk.slice(start);
                    return false;
                default:
            }
            if (c === char) {
                this.text += chunk.slice(start, this.prevI);
                return true;
            }
        }
    }
    /**
     * Capture characters that satisfy ``isNameChar`` into the ``name`` field of
     * this parser.
     *
     * @return The character code that made the test fail, or ``EOC`` if we hit
     * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
     * instead.
     */
    captureNameChars() {
        const { chunk, i: start } = this;
        // eslint-disable-next-line no-constant-condition
        while (true) {
            const c = this.getCode();
            if (c === EOC) {
                this.name += chunk.slice(start);
                return EOC;
            }
            // NL is not a name char so we don't have to test specifically for it.
            if (!isNameChar(c)) {
                this.name += chunk.slice(start, this.prevI);
                return c === NL_LIKE ? NL : c;
            }
        }
    }
    /**
     * Skip white spaces.
     *
     * @return The character that ended the skip, or ``EOC`` if we hit
     * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
     * instead.
     */
    skipSpaces() {
        // eslint-disable-next-line no-constant-condition
        while (true) {
            const c = this.getCodeNorm();
            if (c === EOC || !isS(c)) {
                return c;
            }
        }
    }
    setXMLVersion(version) {
        this.currentXMLVersion = version;
        /*  eslint-disable @typescript-eslint/unbound-method */
        if (version === "1.0") {
            this.isChar = isChar10;
            this.getCode = this.getCode10;
        }
        else {
            this.isChar = isChar11;
            this.getCode = this.getCode11;
        }
        /* eslint-enable @typescript-eslint/unbound-method */
    }
    // STATE ENGINE METHODS
    // This needs to be a state separate from S_BEGIN_WHITESPACE because we want
    // to be sure never to come back to this state later.
    sBegin() {
        // We are essentially peeking at the first character of the chunk. Since
        // S_BEGIN can be in effect only when we start working on the first chunk,
        // the index at which we must look is necessarily 0. Note also that the
        // following test does not depend on decoding surrogates.
        // If the initial character is 0xFEFF, ignore it.
        if (this.chunk.charCodeAt(0) === 0xFEFF) {
            this.i++;
            this.column++;
        }
        this.state = S_BEGIN_WHITESPACE;
    }
    sBeginWhitespace() {
        // We need to know whether we've encountered spaces or not because as soon
        // as we run into a space, an XML declaration is no longer possible. Rather
        // than slow down skipSpaces even in places where we don't care whether it
        // skipped anything or not, we check whether prevI is equal to the value of
        // i from before we skip spaces.
        const iBefore = this.i;
        const c = this.skipSpaces();
        if (this.prevI !== iBefore) {
            this.xmlDeclPossible = false;
        }
        switch (c) {
            case LESS:
                this.state = S_OPEN_WAKA;
                // We could naively call closeText but in this state, it is not normal
                // to have text be filled with any data.
                if (this.text.length !== 0) {
                    throw new Error("no-empty text at start");
                }
                break;
            case EOC:
                break;
            default:
                this.unget();
                this.state = S_TEXT;
                this.xmlDeclPossible = false;
        }
    }
    sDoctype() {
        var _a;
        const c = this.captureTo(DOCTYPE_TERMINATOR);
        switch (c) {
            case GREATER: {
                (_a = this.doctypeHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
                this.text = "";
                this.state = S_TEXT;
                this.doctype = true; // just remember that we saw it.
                break;
            }
            case EOC:
                break;
            default:
                this.text += String.fromCodePoint(c);
                if (c === OPEN_BRACKET) {
                    this.state = S_DTD;
                }
                else if (isQuote(c)) {
                    this.state = S_DOCTYPE_QUOTE;
                    this.q = c;
                }
        }
    }
    sDoctypeQuote() {
        const q = this.q;
        if (this.captureToChar(q)) {
            this.text += String.fromCodePoint(q);
            this.q = null;
            this.state = S_DOCTYPE;
        }
    }
    sDTD() {
        const c = this.captureTo(DTD_TERMINATOR);
        if (c === EOC) {
            return;
        }
        this.text += String.fromCodePoint(c);
        if (c === CLOSE_BRACKET) {
            this.state = S_DOCTYPE;
        }
        else if (c === LESS) {
            this.state = S_DTD_OPEN_WAKA;
        }
        else if (isQuote(c)) {
            this.state = S_DTD_QUOTED;
            this.q = c;
        }
    }
    sDTDQuoted() {
        const q = this.q;
        if (this.captureToChar(q)) {
            this.text += String.fromCodePoint(q);
            this.state = S_DTD;
            this.q = null;
        }
    }
    sDTDOpenWaka() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        switch (c) {
            case BANG:
                this.state = S_DTD_OPEN_WAKA_BANG;
                this.openWakaBang = "";
                break;
            case QUESTION:
                this.state = S_DTD_PI;
                break;
            default:
                this.state = S_DTD;
        }
    }
    sDTDOpenWakaBang() {
        const char = String.fromCodePoint(this.getCodeNorm());
        const owb = this.openWakaBang += char;
        this.text += char;
        if (owb !== "-") {
            this.state = owb === "--" ? S_DTD_COMMENT : S_DTD;
            this.openWakaBang = "";
        }
    }
    sDTDComment() {
        if (this.captureToChar(MINUS)) {
            this.text += "-";
            this.state = S_DTD_COMMENT_ENDING;
        }
    }
    sDTDCommentEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        this.state = c === MINUS ? S_DTD_COMMENT_ENDED : S_DTD_COMMENT;
    }
    sDTDCommentEnded() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
            this.state = S_DTD;
        }
        else {
            this.fail("malformed comment.");
            // <!-- blah -- bloo --> will be recorded as
            // a comment of " blah -- bloo "
            this.state = S_DTD_COMMENT;
        }
    }
    sDTDPI() {
        if (this.captureToChar(QUESTION)) {
            this.text += "?";
            this.state = S_DTD_PI_ENDING;
        }
    }
    sDTDPIEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
            this.state = S_DTD;
        }
    }
    sText() {
        //
        // We did try a version of saxes where the S_TEXT state was split in two
        // states: one for text inside the root element, and one for text
        // outside. This was avoiding having to test this.tags.length to decide
        // what implementation to actually use.
        //
        // Peformance testing on gigabyte-size files did not show any advantage to
        // using the two states solution instead of the current one. Conversely, it
        // made the code a bit more complicated elsewhere. For instance, a comment
        // can appear before the root element so when a comment ended it was
        // necessary to determine whether to return to the S_TEXT state or to the
        // new text-outside-root state.
        //
        if (this.tags.length !== 0) {
            this.handleTextInRoot();
        }
        else {
            this.handleTextOutsideRoot();
        }
    }
    sEntity() {
        // This is essentially a specialized version of captureToChar(SEMICOLON...)
        let { i: start } = this;
        const { chunk } = this;
        // eslint-disable-next-line no-labels, no-restricted-syntax
        loop: 
        // eslint-disable-next-line no-constant-condition
        while (true) {
            switch (this.getCode()) {
                case NL_LIKE:
                    this.entity += `${chunk.slice(start, this.prevI)}\n`;
                    start = this.i;
                    break;
                case SEMICOLON: {
                    const { entityReturnState } = this;
                    const entity = this.entity + chunk.slice(start, this.prevI);
                    this.state = entityReturnState;
                    let parsed;
                    if (entity === "") {
                        this.fail("empty entity name.");
                        parsed = "&;";
                    }
                    else {
                        parsed = this.parseEntity(entity);
                        this.entity = "";
                    }
                    if (entityReturnState !== S_TEXT || this.textHandler !== undefined) {
                        this.text += parsed;
                    }
                    // eslint-disable-next-line no-labels
                    break loop;
                }
                case EOC:
                    this.entity += chunk.slice(start);
                    // eslint-disable-next-line no-labels
                    break loop;
                default:
            }
        }
    }
    sOpenWaka() {
        // Reminder: a state handler is called with at least one character
        // available in the current chunk. So the first call to get code inside of
        // a state handler cannot return ``EOC``. That's why we don't test
        // for it.
        const c = this.getCode();
        // either a /, ?, !, or text is coming next.
        if (isNameStartChar(c)) {
            this.state = S_OPEN_TAG;
            this.unget();
            this.xmlDeclPossible = false;
        }
        else {
            switch (c) {
                case FORWARD_SLASH:
                    this.state = S_CLOSE_TAG;
                    this.xmlDeclPossible = false;
                    break;
                case BANG:
                    this.state = S_OPEN_WAKA_BANG;
                    this.openWakaBang = "";
                    this.xmlDeclPossible = false;
                    break;
                case QUESTION:
                    this.state = S_PI_FIRST_CHAR;
                    break;
                default:
                    this.fail("disallowed character in tag name");
                    this.state = S_TEXT;
                    this.xmlDeclPossible = false;
            }
        }
    }
    sOpenWakaBang() {
        this.openWakaBang += String.fromCodePoint(this.getCodeNorm());
        switch (this.openWakaBang) {
            case "[CDATA[":
                if (!this.sawRoot && !this.reportedTextBeforeRoot) {
                    this.fail("text data outside of root node.");
                    this.reportedTextBeforeRoot = true;
                }
                if (this.closedRoot && !this.reportedTextAfterRoot) {
                    this.fail("text data outside of root node.");
                    this.reportedTextAfterRoot = true;
                }
                this.state = S_CDATA;
                this.openWakaBang = "";
                break;
            case "--":
                this.state = S_COMMENT;
                this.openWakaBang = "";
                break;
            case "DOCTYPE":
                this.state = S_DOCTYPE;
                if (this.doctype || this.sawRoot) {
                    this.fail("inappropriately located doctype declaration.");
                }
                this.openWakaBang = "";
                break;
            default:
                // 7 happens to be the maximum length of the string that can possibly
                // match one of the cases above.
                if (this.openWakaBang.length >= 7) {
                    this.fail("incorrect syntax.");
                }
        }
    }
    sComment() {
        if (this.captureToChar(MINUS)) {
            this.state = S_COMMENT_ENDING;
        }
    }
    sCommentEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === MINUS) {
            this.state = S_COMMENT_ENDED;
            (_a = this.commentHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
        }
        else {
            this.text += `-${String.fromCodePoint(c)}`;
            this.state = S_COMMENT;
        }
    }
    sCommentEnded() {
        const c = this.getCodeNorm();
        if (c !== GREATER) {
            this.fail("malformed comment.");
            // <!-- blah -- bloo --> will be recorded as
            // a comment of " blah -- bloo "
            this.text += `--${String.fromCodePoint(c)}`;
            this.state = S_COMMENT;
        }
        else {
            this.state = S_TEXT;
        }
    }
    sCData() {
        if (this.captureToChar(CLOSE_BRACKET)) {
            this.state = S_CDATA_ENDING;
        }
    }
    sCDataEnding() {
        const c = this.getCodeNorm();
        if (c === CLOSE_BRACKET) {
            this.state = S_CDATA_ENDING_2;
        }
        else {
            this.text += `]${String.fromCodePoint(c)}`;
            this.state = S_CDATA;
        }
    }
    sCDataEnding2() {
        var _a;
        const c = this.getCodeNorm();
        switch (c) {
            case GREATER: {
                (_a = this.cdataHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
                this.text = "";
                this.state = S_TEXT;
                break;
            }
            case CLOSE_BRACKET:
                this.text += "]";
                break;
            default:
                this.text += `]]${String.fromCodePoint(c)}`;
                this.state = S_CDATA;
        }
    }
    // We need this separate state to check the first character fo the pi target
    // with this.nameStartCheck which allows less characters than this.nameCheck.
    sPIFirstChar() {
        const c = this.getCodeNorm();
        // This is first because in the case where the file is well-formed this is
        // the branch taken. We optimize for well-formedness.
        if (this.nameStartCheck(c)) {
            this.piTarget += String.fromCodePoint(c);
            this.state = S_PI_REST;
        }
        else if (c === QUESTION || isS(c)) {
            this.fail("processing instruction without a target.");
            this.state = c === QUESTION ? S_PI_ENDING : S_PI_BODY;
        }
        else {
            this.fail("disallowed character in processing instruction name.");
            this.piTarget += String.fromCodePoint(c);
            this.state = S_PI_REST;
        }
    }
    sPIRest() {
        // Capture characters into a piTarget while ``this.nameCheck`` run on the
        // character read returns true.
        const { chunk, i: start } = this;
        // eslint-disable-next-line no-constant-condition
        while (true) {
            const c = this.getCodeNorm();
            if (c === EOC) {
                this.piTarget += chunk.slice(start);
                return;
            }
            // NL cannot satisfy this.nameCheck so we don't have to test specifically
            // for it.
            if (!this.nameCheck(c)) {
                this.piTarget += chunk.slice(start, this.prevI);
                const isQuestion = c === QUESTION;
                if (isQuestion || isS(c)) {
                    if (this.piTarget === "xml") {
                        if (!this.xmlDeclPossible) {
                            this.fail("an XML declaration must be at the start of the document.");
                        }
                        this.state = isQuestion ? S_XML_DECL_ENDING : S_XML_DECL_NAME_START;
                    }
                    else {
                        this.state = isQuestion ? S_PI_ENDING : S_PI_BODY;
                    }
                }
                else {
                    this.fail("disallowed character in processing instruction name.");
                    this.piTarget += String.fromCodePoint(c);
                }
                break;
            }
        }
    }
    sPIBody() {
        if (this.text.length === 0) {
            const c = this.getCodeNorm();
            if (c === QUESTION) {
                this.state = S_PI_ENDING;
            }
            else if (!isS(c)) {
                this.text = String.fromCodePoint(c);
            }
        }
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        else if (this.captureToChar(QUESTION)) {
            this.state = S_PI_ENDING;
        }
    }
    sPIEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
            const { piTarget } = this;
            if (piTarget.toLowerCase() === "xml") {
                this.fail("the XML declaration must appear at the start of the document.");
            }
            (_a = this.piHandler) === null || _a === void 0 ? void 0 : _a.call(this, {
                target: piTarget,
                body: this.text,
            });
            this.piTarget = this.text = "";
            this.state = S_TEXT;
        }
        else if (c === QUESTION) {
            // We ran into ?? as part of a processing instruction. We initially took
            // the first ? as a sign that the PI was ending, but it is not. So we have
            // to add it to the body but we take the new ? as a sign that the PI is
            // ending.
            this.text += "?";
        }
        else {
            this.text += `?${String.fromCodePoint(c)}`;
            this.state = S_PI_BODY;
        }
        this.xmlDeclPossible = false;
    }
    sXMLDeclNameStart() {
        const c = this.skipSpaces();
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            // It is valid to go to S_XML_DECL_ENDING from this state.
            this.state = S_XML_DECL_ENDING;
            return;
        }
        if (c !== EOC) {
            this.state = S_XML_DECL_NAME;
            this.name = String.fromCodePoint(c);
        }
    }
    sXMLDeclName() {
        const c = this.captureTo(XML_DECL_NAME_TERMINATOR);
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            this.state = S_XML_DECL_ENDING;
            this.name += this.text;
            this.text = "";
            this.fail("XML declaration is incomplete.");
            return;
        }
        if (!(isS(c) || c === EQUAL)) {
            return;
        }
        this.name += this.text;
        this.text = "";
        if (!this.xmlDeclExpects.includes(this.name)) {
            switch (this.name.length) {
                case 0:
                    this.fail("did not expect any more name/value pairs.");
                    break;
                case 1:
                    this.fail(`expected the name ${this.xmlDeclExpects[0]}.`);
                    break;
                default:
                    this.fail(`expected one of ${this.xmlDeclExpects.join(", ")}`);
            }
        }
        this.state = c === EQUAL ? S_XML_DECL_VALUE_START : S_XML_DECL_EQ;
    }
    sXMLDeclEq() {
        const c = this.getCodeNorm();
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            this.state = S_XML_DECL_ENDING;
            this.fail("XML declaration is incomplete.");
            return;
        }
        if (isS(c)) {
            return;
        }
        if (c !== EQUAL) {
            this.fail("value required.");
        }
        this.state = S_XML_DECL_VALUE_START;
    }
    sXMLDeclValueStart() {
        const c = this.getCodeNorm();
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            this.state = S_XML_DECL_ENDING;
            this.fail("XML declaration is incomplete.");
            return;
        }
        if (isS(c)) {
            return;
        }
        if (!isQuote(c)) {
            this.fail("value must be quoted.");
            this.q = SPACE;
        }
        else {
            this.q = c;
        }
        this.state = S_XML_DECL_VALUE;
    }
    sXMLDeclValue() {
        const c = this.captureTo([this.q, QUESTION]);
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            this.state = S_XML_DECL_ENDING;
            this.text = "";
            this.fail("XML declaration is incomplete.");
            return;
        }
        if (c === EOC) {
            return;
        }
        const value = this.text;
        this.text = "";
        switch (this.name) {
            case "version": {
                this.xmlDeclExpects = ["encoding", "standalone"];
                const version = value;
                this.xmlDecl.version = version;
                // This is the test specified by XML 1.0 but it is fine for XML 1.1.
                if (!/^1\.[0-9]+$/.test(version)) {
                    this.fail("version number must match /^1\\.[0-9]+$/.");
                }
                // When forceXMLVersion is set, the XML declaration is ignored.
                else if (!this.opt.forceXMLVersion) {
                    this.setXMLVersion(version);
                }
                break;
            }
            case "encoding":
                if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
                    this.fail("encoding value must match \
/^[A-Za-z0-9][A-Za-z0-9._-]*$/.");
                }
                this.xmlDeclExpects = ["standalone"];
                this.xmlDecl.encoding = value;
                break;
            case "standalone":
                if (value !== "yes" && value !== "no") {
                    this.fail("standalone value must match \"yes\" or \"no\".");
                }
                this.xmlDeclExpects = [];
                this.xmlDecl.standalone = value;
                break;
            default:
            // We don't need to raise an error here since we've already raised one
            // when checking what name was expected.
        }
        this.name = "";
        this.state = S_XML_DECL_SEPARATOR;
    }
    sXMLDeclSeparator() {
        const c = this.getCodeNorm();
        // The question mark character is not valid inside any of the XML
        // declaration name/value pairs.
        if (c === QUESTION) {
            // It is valid to go to S_XML_DECL_ENDING from this state.
            this.state = S_XML_DECL_ENDING;
            return;
        }
        if (!isS(c)) {
            this.fail("whitespace required.");
            this.unget();
        }
        this.state = S_XML_DECL_NAME_START;
    }
    sXMLDeclEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
            if (this.piTarget !== "xml") {
                this.fail("processing instructions are not allowed before root.");
            }
            else if (this.name !== "version" &&
                this.xmlDeclExpects.includes("version")) {
                this.fail("XML declaration must contain a version.");
            }
            (_a = this.xmldeclHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.xmlDecl);
            this.name = "";
            this.piTarget = this.text = "";
            this.state = S_TEXT;
        }
        else {
            // We got here because the previous character was a ?, but the question
            // mark character is not valid inside any of the XML declaration
            // name/value pairs.
            this.fail("The character ? is disallowed anywhere in XML declarations.");
        }
        this.xmlDeclPossible = false;
    }
    sOpenTag() {
        var _a;
        const c = this.captureNameChars();
        if (c === EOC) {
            return;
        }
        const tag = this.tag = {
            name: this.name,
            attributes: Object.create(null),
        };
        this.name = "";
        if (this.xmlnsOpt) {
            this.topNS = tag.ns = Object.create(null);
        }
        (_a = this.openTagStartHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        this.sawRoot = true;
        if (!this.fragmentOpt && this.closedRoot) {
            this.fail("documents may contain only one root.");
        }
        switch (c) {
            case GREATER:
                this.openTag();
                break;
            case FORWARD_SLASH:
                this.state = S_OPEN_TAG_SLASH;
                break;
            default:
                if (!isS(c)) {
                    this.fail("disallowed character in tag name.");
                }
                this.state = S_ATTRIB;
        }
    }
    sOpenTagSlash() {
        if (this.getCode() === GREATER) {
            this.openSelfClosingTag();
        }
        else {
            this.fail("forward-slash in opening tag not followed by >.");
            this.state = S_ATTRIB;
        }
    }
    sAttrib() {
        const c = this.skipSpaces();
        if (c === EOC) {
            return;
        }
        if (isNameStartChar(c)) {
            this.unget();
            this.state = S_ATTRIB_NAME;
        }
        else if (c === GREATER) {
            this.openTag();
        }
        else if (c === FORWARD_SLASH) {
            this.state = S_OPEN_TAG_SLASH;
        }
        else {
            this.fail("disallowed character in attribute name.");
        }
    }
    sAttribName() {
        const c = this.captureNameChars();
        if (c === EQUAL) {
            this.state = S_ATTRIB_VALUE;
        }
        else if (isS(c)) {
            this.state = S_ATTRIB_NAME_SAW_WHITE;
        }
        else if (c === GREATER) {
            this.fail("attribute without value.");
            this.pushAttrib(this.name, this.name);
            this.name = this.text = "";
            this.openTag();
        }
        else if (c !== EOC) {
            this.fail("disallowed character in attribute name.");
        }
    }
    sAttribNameSawWhite() {
        const c = this.skipSpaces();
        switch (c) {
            case EOC:
                return;
            case EQUAL:
                this.state = S_ATTRIB_VALUE;
                break;
            default:
                this.fail("attribute without value.");
                // Should we do this???
                // this.tag.attributes[this.name] = "";
                this.text = "";
                this.name = "";
                if (c === GREATER) {
                    this.openTag();
                }
                else if (isNameStartChar(c)) {
                    this.unget();
                    this.state = S_ATTRIB_NAME;
                }
                else {
                    this.fail("disallowed character in attribute name.");
                    this.state = S_ATTRIB;
                }
        }
    }
    sAttribValue() {
        const c = this.getCodeNorm();
        if (isQuote(c)) {
            this.q = c;
            this.state = S_ATTRIB_VALUE_QUOTED;
        }
        else if (!isS(c)) {
            this.fail("unquoted attribute value.");
            this.state = S_ATTRIB_VALUE_UNQUOTED;
            this.unget();
        }
    }
    sAttribValueQuoted() {
        // We deliberately do not use captureTo here. The specialized code we use
        // here is faster than using captureTo.
        const { q, chunk } = this;
        let { i: start } = this;
        // eslint-disable-next-line no-constant-condition
        while (true) {
            switch (this.getCode()) {
                case q:
                    this.pushAttrib(this.name, this.text + chunk.slice(start, this.prevI));
                    this.name = this.text = "";
                    this.q = null;
                    this.state = S_ATTRIB_VALUE_CLOSED;
                    return;
                case AMP:
                    this.text += chunk.slice(start, this.prevI);
                    this.state = S_ENTITY;
                    this.entityReturnState = S_ATTRIB_VALUE_QUOTED;
                    return;
                case NL:
                case NL_LIKE:
                case TAB:
                    this.text += `${chunk.slice(start, this.prevI)} `;
                    start = this.i;
                    break;
                case LESS:
                    this.text += chunk.slice(start, this.prevI);
                    this.fail("disallowed character.");
                    return;
                case EOC:
                    this.text += chunk.slice(start);
                    return;
                default:
            }
        }
    }
    sAttribValueClosed() {
        const c = this.getCodeNorm();
        if (isS(c)) {
            this.state = S_ATTRIB;
        }
        else if (c === GREATER) {
            this.openTag();
        }
        else if (c === FORWARD_SLASH) {
            this.state = S_OPEN_TAG_SLASH;
        }
        else if (isNameStartChar(c)) {
            this.fail("no whitespace between attributes.");
            this.unget();
            this.state = S_ATTRIB_NAME;
        }
        else {
            this.fail("disallowed character in attribute name.");
        }
    }
    sAttribValueUnquoted() {
        // We don't do anything regarding EOL or space handling for unquoted
        // attributes. We already have failed by the time we get here, and the
        // contract that saxes upholds states that upon failure, it is not safe to
        // rely on the data passed to event handlers (other than
        // ``onerror``). Passing "bad" data is not a problem.
        const c = this.captureTo(ATTRIB_VALUE_UNQUOTED_TERMINATOR);
        switch (c) {
            case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_ATTRIB_VALUE_UNQUOTED;
                break;
            case LESS:
                this.fail("disallowed character.");
                break;
            case EOC:
                break;
            default:
                if (this.text.includes("]]>")) {
                    this.fail("the string \"]]>\" is disallowed in char data.");
                }
                this.pushAttrib(this.name, this.text);
                this.name = this.text = "";
                if (c === GREATER) {
                    this.openTag();
                }
                else {
                    this.state = S_ATTRIB;
                }
        }
    }
    sCloseTag() {
        const c = this.captureNameChars();
        if (c === GREATER) {
            this.closeTag();
        }
        else if (isS(c)) {
            this.state = S_CLOSE_TAG_SAW_WHITE;
        }
        else if (c !== EOC) {
            this.fail("disallowed character in closing tag.");
        }
    }
    sCloseTagSawWhite() {
        switch (this.skipSpaces()) {
            case GREATER:
                this.closeTag();
                break;
            case EOC:
                break;
            default:
                this.fail("disallowed character in closing tag.");
        }
    }
    // END OF STATE ENGINE METHODS
    handleTextInRoot() {
        // This is essentially a specialized version of captureTo which is optimized
        // for performing the ]]> check. A previous version of this code, checked
        // ``this.text`` for the presence of ]]>. It simplified the code but was
        // very costly when character data contained a lot of entities to be parsed.
        //
        // Since we are using a specialized loop, we also keep track of the presence
        // of ]]> in text data. The sequence ]]> is forbidden to appear as-is.
        //
        let { i: start, forbiddenState } = this;
        const { chunk, textHandler: handler } = this;
        // eslint-disable-next-line no-labels, no-restricted-syntax
        scanLoop: 
        // eslint-disable-next-line no-constant-condition
        while (true) {
            switch (this.getCode()) {
                case LESS: {
                    this.state = S_OPEN_WAKA;
                    if (handler !== undefined) {
                        const { text } = this;
                        const slice = chunk.slice(start, this.prevI);
                        if (text.length !== 0) {
                            handler(text + slice);
                            this.text = "";
                        }
                        else if (slice.length !== 0) {
                            handler(slice);
                        }
                    }
                    forbiddenState = FORBIDDEN_START;
                    // eslint-disable-next-line no-labels
                    break scanLoop;
                }
                case AMP:
                    this.state = S_ENTITY;
                    this.entityReturnState = S_TEXT;
                    if (handler !== undefined) {
                        this.text += chunk.slice(start, this.prevI);
                    }
                    forbiddenState = FORBIDDEN_START;
                    // eslint-disable-next-line no-labels
                    break scanLoop;
                case CLOSE_BRACKET:
                    switch (forbiddenState) {
                        case FORBIDDEN_START:
                            forbiddenState = FORBIDDEN_BRACKET;
                            break;
                        case FORBIDDEN_BRACKET:
                            forbiddenState = FORBIDDEN_BRACKET_BRACKET;
                            break;
                        case FORBIDDEN_BRACKET_BRACKET:
                            break;
                        default:
                            throw new Error("impossible state");
                    }
                    break;
                case GREATER:
                    if (forbiddenState === FORBIDDEN_BRACKET_BRACKET) {
                        this.fail("the string \"]]>\" is disallowed in char data.");
                    }
                    forbiddenState = FORBIDDEN_START;
                    break;
                case NL_LIKE:
                    if (handler !== undefined) {
                        this.text += `${chunk.slice(start, this.prevI)}\n`;
                    }
                    start = this.i;
                    forbiddenState = FORBIDDEN_START;
                    break;
                case EOC:
                    if (handler !== undefined) {
                        this.text += chunk.slice(start);
                    }
                    // eslint-disable-next-line no-labels
                    break scanLoop;
                default:
                    forbiddenState = FORBIDDEN_START;
            }
        }
        this.forbiddenState = forbiddenState;
    }
    handleTextOutsideRoot() {
        // This is essentially a specialized version of captureTo which is optimized
        // for a specialized task. We keep track of the presence of non-space
        // characters in the text since these are errors when appearing outside the
        // document root element.
        let { i: start } = this;
        const { chunk, textHandler: handler } = this;
        let nonSpace = false;
        // eslint-disable-next-line no-labels, no-restricted-syntax
        outRootLoop: 
        // eslint-disable-next-line no-constant-condition
        while (true) {
            const code = this.getCode();
            switch (code) {
                case LESS: {
                    this.state = S_OPEN_WAKA;
                    if (handler !== undefined) {
                        const { text } = this;
                        const slice = chunk.slice(start, this.prevI);
                        if (text.length !== 0) {
                            handler(text + slice);
                            this.text = "";
                        }
                        else if (slice.length !== 0) {
                            handler(slice);
                        }
                    }
                    // eslint-disable-next-line no-labels
                    break outRootLoop;
                }
                case AMP:
                    this.state = S_ENTITY;
                    this.entityReturnState = S_TEXT;
                    if (handler !== undefined) {
                        this.text += chunk.slice(start, this.prevI);
                    }
                    nonSpace = true;
                    // eslint-disable-next-line no-labels
                    break outRootLoop;
                case NL_LIKE:
                    if (handler !== undefined) {
                        this.text += `${chunk.slice(start, this.prevI)}\n`;
                    }
                    start = this.i;
                    break;
                case EOC:
                    if (handler !== undefined) {
                        this.text += chunk.slice(start);
                    }
                    // eslint-disable-next-line no-labels
                    break outRootLoop;
                default:
                    if (!isS(code)) {
                        nonSpace = true;
                    }
            }
        }
        if (!nonSpace) {
            return;
        }
        // We use the reportedTextBeforeRoot and reportedTextAfterRoot flags
        // to avoid reporting errors for every single character that is out of
        // place.
        if (!this.sawRoot && !this.reportedTextBeforeRoot) {
            this.fail("text data outside of root node.");
            this.reportedTextBeforeRoot = true;
        }
        if (this.closedRoot && !this.reportedTextAfterRoot) {
            this.fail("text data outside of root node.");
            this.reportedTextAfterRoot = true;
        }
    }
    pushAttribNS(name, value) {
        var _a;
        const { prefix, local } = this.qname(name);
        const attr = { name, prefix, local, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
        if (prefix === "xmlns") {
            const trimmed = value.trim();
            if (this.currentXMLVersion === "1.0" && trimmed === "") {
                this.fail("invalid attempt to undefine prefix in XML 1.0");
            }
            this.topNS[local] = trimmed;
            nsPairCheck(this, local, trimmed);
        }
        else if (name === "xmlns") {
            const trimmed = value.trim();
            this.topNS[""] = trimmed;
            nsPairCheck(this, "", trimmed);
        }
    }
    pushAttribPlain(name, value) {
        var _a;
        const attr = { name, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
    }
    /**
     * End parsing. This performs final well-formedness checks and resets the
     * parser to a clean state.
     *
     * @returns this
     */
    end() {
        var _a, _b;
        if (!this.sawRoot) {
            this.fail("document must contain a root element.");
        }
        const { tags } = this;
        while (tags.length > 0) {
            const tag = tags.pop();
            this.fail(`unclosed tag: ${tag.name}`);
        }
        if ((this.state !== S_BEGIN) && (this.state !== S_TEXT)) {
            this.fail("unexpected end.");
        }
        const { text } = this;
        if (text.length !== 0) {
            (_a = this.textHandler) === null || _a === void 0 ? void 0 : _a.call(this, text);
            this.text = "";
        }
        this._closed = true;
        (_b = this.endHandler) === null || _b === void 0 ? void 0 : _b.call(this);
        this._init();
        return this;
    }
    /**
     * Resolve a namespace prefix.
     *
     * @param prefix The prefix to resolve.
     *
     * @returns The namespace URI or ``undefined`` if the prefix is not defined.
     */
    resolve(prefix) {
        var _a, _b;
        let uri = this.topNS[prefix];
        if (uri !== undefined) {
            return uri;
        }
        const { tags } = this;
        for (let index = tags.length - 1; index >= 0; index--) {
            uri = tags[index].ns[prefix];
            if (uri !== undefined) {
                return uri;
            }
        }
        uri = this.ns[prefix];
        if (uri !== undefined) {
            return uri;
        }
        return (_b = (_a = this.opt).resolvePrefix) === null || _b === void 0 ? void 0 : _b.call(_a, prefix);
    }
    /**
     * Parse a qname into its prefix and local name parts.
     *
     * @param name The name to parse
     *
     * @returns
     */
    qname(name) {
        // This is faster than using name.split(":").
        const colon = name.indexOf(":");
        if (colon === -1) {
            return { prefix: "", local: name };
        }
        const local = name.slice(colon + 1);
        const prefix = name.slice(0, colon);
        if (prefix === "" || local === "" || local.includes(":")) {
            this.fail(`malformed name: ${name}.`);
        }
        return { prefix, local };
    }
    processAttribsNS() {
        var _a;
        const { attribList } = this;
        const tag = this.tag;
        {
            // add namespace info to tag
            const { prefix, local } = this.qname(tag.name);
            tag.prefix = prefix;
            tag.local = local;
            const uri = tag.uri = (_a = this.resolve(prefix)) !== null && _a !== void 0 ? _a : "";
            if (prefix !== "") {
                if (prefix === "xmlns") {
                    this.fail("tags may not have \"xmlns\" as prefix.");
                }
                if (uri === "") {
                    this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
                    tag.uri = prefix;
                }
            }
        }
        if (attribList.length === 0) {
            return;
        }
        const { attributes } = tag;
        const seen = new Set();
        // Note: do not apply default ns to attributes:
        //   http://www.w3.org/TR/REC-xml-names/#defaulting
        for (const attr of attribList) {
            const { name, prefix, local } = attr;
            let uri;
            let eqname;
            if (prefix === "") {
                uri = name === "xmlns" ? XMLNS_NAMESPACE : "";
                eqname = name;
            }
            else {
                uri = this.resolve(prefix);
                // if there's any attributes with an undefined namespace,
                // then fail on them now.
                if (uri === undefined) {
                    this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
                    uri = prefix;
                }
                eqname = `{${uri}}${local}`;
            }
            if (seen.has(eqname)) {
                this.fail(`duplicate attribute: ${eqname}.`);
            }
            seen.add(eqname);
            attr.uri = uri;
            attributes[name] = attr;
        }
        this.attribList = [];
    }
    processAttribsPlain() {
        const { attribList } = this;
        // eslint-disable-next-line prefer-destructuring
        const attributes = this.tag.attributes;
        for (const { name, value } of attribList) {
            if (attributes[name] !== undefined) {
                this.fail(`duplicate attribute: ${name}.`);
            }
            attributes[name] = value;
        }
        this.attribList = [];
    }
    /**
     * Handle a complete open tag. This parser code calls this once it has seen
     * the whole tag. This method checks for well-formeness and then emits
     * ``onopentag``.
     */
    openTag() {
        var _a;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = false;
        // There cannot be any pending text here due to the onopentagstart that was
        // necessarily emitted before we get here. So we do not check text.
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        tags.push(tag);
        this.state = S_TEXT;
        this.name = "";
    }
    /**
     * Handle a complete self-closing tag. This parser code calls this once it has
     * seen the whole tag. This method checks for well-formeness and then emits
     * ``onopentag`` and ``onclosetag``.
     */
    openSelfClosingTag() {
        var _a, _b, _c;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = true;
        // There cannot be any pending text here due to the onopentagstart that was
        // necessarily emitted before we get here. So we do not check text.
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        (_b = this.closeTagHandler) === null || _b === void 0 ? void 0 : _b.call(this, tag);
        const top = this.tag = (_c = tags[tags.length - 1]) !== null && _c !== void 0 ? _c : null;
        if (top === null) {
            this.closedRoot = true;
        }
        this.state = S_TEXT;
        this.name = "";
    }
    /**
     * Handle a complete close tag. This parser code calls this once it has seen
     * the whole tag. This method checks for well-formeness and then emits
     * ``onclosetag``.
     */
    closeTag() {
        const { tags, name } = this;
        // Our state after this will be S_TEXT, no matter what, and we can clear
        // tagName now.
        this.state = S_TEXT;
        this.name = "";
        if (name === "") {
            this.fail("weird empty close tag.");
            this.text += "</>";
            return;
        }
        const handler = this.closeTagHandler;
        let l = tags.length;
        while (l-- > 0) {
            const tag = this.tag = tags.pop();
            this.topNS = tag.ns;
            handler === null || handler === void 0 ? void 0 : handler(tag);
            if (tag.name === name) {
                break;
            }
            this.fail("unexpected close tag.");
        }
        if (l === 0) {
            this.closedRoot = true;
        }
        else if (l < 0) {
            this.fail(`unmatched closing tag: ${name}.`);
            this.text += `</${name}>`;
        }
    }
    /**
     * Resolves an entity. Makes any necessary well-formedness checks.
     *
     * @param entity The entity to resolve.
     *
     * @returns The parsed entity.
     */
    parseEntity(entity) {
        // startsWith would be significantly slower for this test.
        if (entity[0] !== "#") {
            const defined = this.ENTITIES[entity];
            if (defined !== undefined) {
                return defined;
            }
            this.fail(this.isName(entity) ? "undefined entity." :
                "disallowed character in entity name.");
            return `&${entity};`;
        }
        let num = NaN;
        if (entity[1] === "x" && /^#x[0-9a-f]+$/i.test(entity)) {
            num = parseInt(entity.slice(2), 16);
        }
        else if (/^#[0-9]+$/.test(entity)) {
            num = parseInt(entity.slice(1), 10);
        }
        // The character reference is required to match the CHAR production.
        if (!this.isChar(num)) {
            this.fail("malformed character entity.");
            return `&${entity};`;
        }
        return String.fromCodePoint(num);
    }
}
exports.wT = SaxesParser;
//# sourceMappingURL=saxes.js.map

/***/ }),

/***/ 36204:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { EventEmitter } = __nccwpck_require__(29580)
const FIFO = __nccwpck_require__(83867)
const TextDecoder = __nccwpck_require__(97934)

const StreamError = __nccwpck_require__(45657)

// if we do a future major, expect queue microtask to be there always, for now a bit defensive
const qmt =
  typeof queueMicrotask === 'undefined' ? (fn) => global.process.nextTick(fn) : queueMicrotask

// 29 bits used total (4 from shared, 14 from read, and 11 from write)
const MAX = (1 << 29) - 1

// Shared state
const OPENING = 0b0001
const PREDESTROYING = 0b0010
const DESTROYING = 0b0100
const DESTROYED = 0b1000

const NOT_OPENING = MAX ^ OPENING
const NOT_PREDESTROYING = MAX ^ PREDESTROYING

// Read state (4 bit offset from shared state)
const READ_ACTIVE = 0b00000000000001 << 4
const READ_UPDATING = 0b00000000000010 << 4
const READ_PRIMARY = 0b00000000000100 << 4
const READ_QUEUED = 0b00000000001000 << 4
const READ_RESUMED = 0b00000000010000 << 4
const READ_PIPE_DRAINED = 0b00000000100000 << 4
const READ_ENDING = 0b00000001000000 << 4
const READ_EMIT_DATA = 0b00000010000000 << 4
const READ_EMIT_READABLE = 0b00000100000000 << 4
const READ_EMITTED_READABLE = 0b00001000000000 << 4
const READ_DONE = 0b00010000000000 << 4
const READ_NEXT_TICK = 0b00100000000000 << 4
const READ_NEEDS_PUSH = 0b01000000000000 << 4
const READ_READ_AHEAD = 0b10000000000000 << 4

// Combined read state
const READ_FLOWING = READ_RESUMED | READ_PIPE_DRAINED
const READ_ACTIVE_AND_NEEDS_PUSH = READ_ACTIVE | READ_NEEDS_PUSH
const READ_PRIMARY_AND_ACTIVE = READ_PRIMARY | READ_ACTIVE
const READ_EMIT_READABLE_AND_QUEUED = READ_EMIT_READABLE | READ_QUEUED
const READ_RESUMED_READ_AHEAD = READ_RESUMED | READ_READ_AHEAD

const READ_NOT_ACTIVE = MAX ^ READ_ACTIVE
const READ_NON_PRIMARY = MAX ^ READ_PRIMARY
const READ_NON_PRIMARY_AND_PUSHED = MAX ^ (READ_PRIMARY | READ_NEEDS_PUSH)
const READ_PUSHED = MAX ^ READ_NEEDS_PUSH
const READ_PAUSED = MAX ^ READ_RESUMED
const READ_NOT_QUEUED = MAX ^ (READ_QUEUED | READ_EMITTED_READABLE)
const READ_NOT_ENDING = MAX ^ READ_ENDING
const READ_PIPE_NOT_DRAINED = MAX ^ READ_FLOWING
const READ_NOT_NEXT_TICK = MAX ^ READ_NEXT_TICK
const READ_NOT_UPDATING = MAX ^ READ_UPDATING
const READ_NO_READ_AHEAD = MAX ^ READ_READ_AHEAD
const READ_PAUSED_NO_READ_AHEAD = MAX ^ READ_RESUMED_READ_AHEAD

// Write state (18 bit offset, 4 bit offset from shared state and 14 from read state)
const WRITE_ACTIVE = 0b00000000001 << 18
const WRITE_UPDATING = 0b00000000010 << 18
const WRITE_PRIMARY = 0b00000000100 << 18
const WRITE_QUEUED = 0b00000001000 << 18
const WRITE_UNDRAINED = 0b00000010000 << 18
const WRITE_DONE = 0b00000100000 << 18
const WRITE_EMIT_DRAIN = 0b00001000000 << 18
const WRITE_NEXT_TICK = 0b00010000000 << 18
const WRITE_WRITING = 0b00100000000 << 18
const WRITE_FINISHING = 0b01000000000 << 18
const WRITE_CORKED = 0b10000000000 << 18

const WRITE_NOT_ACTIVE = MAX ^ (WRITE_ACTIVE | WRITE_WRITING)
const WRITE_NON_PRIMARY = MAX ^ WRITE_PRIMARY
const WRITE_NOT_FINISHING = MAX ^ (WRITE_ACTIVE | WRITE_FINISHING)
const WRITE_DRAINED = MAX ^ WRITE_UNDRAINED
const WRITE_NOT_QUEUED = MAX ^ WRITE_QUEUED
const WRITE_NOT_NEXT_TICK = MAX ^ WRITE_NEXT_TICK
const WRITE_NOT_UPDATING = MAX ^ WRITE_UPDATING
const WRITE_NOT_CORKED = MAX ^ WRITE_CORKED

// Combined shared state
const ACTIVE = READ_ACTIVE | WRITE_ACTIVE
const NOT_ACTIVE = MAX ^ ACTIVE
const DONE = READ_DONE | WRITE_DONE
const DESTROY_STATUS = DESTROYING | DESTROYED | PREDESTROYING
const OPEN_STATUS = DESTROY_STATUS | OPENING
const AUTO_DESTROY = DESTROY_STATUS | DONE
const NON_PRIMARY = WRITE_NON_PRIMARY & READ_NON_PRIMARY
const ACTIVE_OR_TICKING = WRITE_NEXT_TICK | READ_NEXT_TICK
const TICKING = ACTIVE_OR_TICKING & NOT_ACTIVE
const IS_OPENING = OPEN_STATUS | TICKING

// Combined shared state and read state
const READ_PRIMARY_STATUS = OPEN_STATUS | READ_ENDING | READ_DONE
const READ_STATUS = OPEN_STATUS | READ_DONE | READ_QUEUED
const READ_ENDING_STATUS = OPEN_STATUS | READ_ENDING | READ_QUEUED
const READ_READABLE_STATUS = OPEN_STATUS | READ_EMIT_READABLE | READ_QUEUED | READ_EMITTED_READABLE
const SHOULD_NOT_READ =
  OPEN_STATUS | READ_ACTIVE | READ_ENDING | READ_DONE | READ_NEEDS_PUSH | READ_READ_AHEAD
const READ_BACKPRESSURE_STATUS = DESTROY_STATUS | READ_ENDING | READ_DONE
const READ_UPDATE_SYNC_STATUS = READ_UPDATING | OPEN_STATUS | READ_NEXT_TICK | READ_PRIMARY
const READ_NEXT_TICK_OR_OPENING = READ_NEXT_TICK | OPENING

// Combined write state
const WRITE_PRIMARY_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_QUEUED_AND_UNDRAINED = WRITE_QUEUED | WRITE_UNDRAINED
const WRITE_QUEUED_AND_ACTIVE = WRITE_QUEUED | WRITE_ACTIVE
const WRITE_DRAIN_STATUS = WRITE_QUEUED | WRITE_UNDRAINED | OPEN_STATUS | WRITE_ACTIVE
const WRITE_STATUS = OPEN_STATUS | WRITE_ACTIVE | WRITE_QUEUED | WRITE_CORKED
const WRITE_PRIMARY_AND_ACTIVE = WRITE_PRIMARY | WRITE_ACTIVE
const WRITE_ACTIVE_AND_WRITING = WRITE_ACTIVE | WRITE_WRITING
const WRITE_FINISHING_STATUS = OPEN_STATUS | WRITE_FINISHING | WRITE_QUEUED_AND_ACTIVE | WRITE_DONE
const WRITE_BACKPRESSURE_STATUS = WRITE_UNDRAINED | DESTROY_STATUS | WRITE_FINISHING | WRITE_DONE
const WRITE_UPDATE_SYNC_STATUS = WRITE_UPDATING | OPEN_STATUS | WRITE_NEXT_TICK | WRITE_PRIMARY
const WRITE_DROP_DATA = WRITE_FINISHING | WRITE_DONE | DESTROY_STATUS

const asyncIterator = Symbol.asyncIterator || Symbol('asyncIterator')

class WritableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapWritable, byteLength, byteLengthWritable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark
    this.buffered = 0
    this.error = null
    this.pipeline = null
    this.drains = null // if we add more seldomly used helpers we might them into a subobject so its a single ptr
    this.byteLength = byteLengthWritable || byteLength || defaultByteLength
    this.map = mapWritable || map
    this.afterWrite = afterWrite.bind(this)
    this.afterUpdateNextTick = updateWriteNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & WRITE_FINISHING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & WRITE_DONE) !== 0
  }

  push(data) {
    if ((this.stream._duplexState & WRITE_DROP_DATA) !== 0) return false
    if (this.map !== null) data = this.map(data)

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    if (this.buffered < this.highWaterMark) {
      this.stream._duplexState |= WRITE_QUEUED
      return true
    }

    this.stream._duplexState |= WRITE_QUEUED_AND_UNDRAINED
    return false
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) this.stream._duplexState &= WRITE_NOT_QUEUED

    return data
  }

  end(data) {
    if (typeof data === 'function') {
      this.stream.once('finish', data)
    } else if (data !== undefined && data !== null) {
      this.push(data)
    }

    this.stream._duplexState = (this.stream._duplexState | WRITE_FINISHING) & WRITE_NON_PRIMARY
  }

  autoBatch(data, cb) {
    const buffer = []
    const stream = this.stream

    buffer.push(data)
    while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED_AND_ACTIVE) {
      buffer.push(stream._writableState.shift())
    }

    if ((stream._duplexState & OPEN_STATUS) !== 0) return cb(null)
    stream._writev(buffer, cb)
  }

  update() {
    const stream = this.stream

    stream._duplexState |= WRITE_UPDATING

    do {
      while ((stream._duplexState & WRITE_STATUS) === WRITE_QUEUED) {
        const data = this.shift()
        stream._duplexState |= WRITE_ACTIVE_AND_WRITING
        stream._write(data, this.afterWrite)
      }

      if ((stream._duplexState & WRITE_PRIMARY_AND_ACTIVE) === 0) this.updateNonPrimary()
    } while (this.continueUpdate() === true)

    stream._duplexState &= WRITE_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & WRITE_FINISHING_STATUS) === WRITE_FINISHING) {
      stream._duplexState = stream._duplexState | WRITE_ACTIVE
      stream._final(afterFinal.bind(this))
      return
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) === 0) return false
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & WRITE_UPDATE_SYNC_STATUS) === WRITE_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTick() {
    if ((this.stream._duplexState & WRITE_NEXT_TICK) !== 0) return
    this.stream._duplexState |= WRITE_NEXT_TICK
    if ((this.stream._duplexState & WRITE_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class ReadableState {
  constructor(
    stream,
    { highWaterMark = 16384, map = null, mapReadable, byteLength, byteLengthReadable } = {}
  ) {
    this.stream = stream
    this.queue = new FIFO()
    this.highWaterMark = highWaterMark === 0 ? 1 : highWaterMark
    this.buffered = 0
    this.readAhead = highWaterMark > 0
    this.error = null
    this.pipeline = null
    this.byteLength = byteLengthReadable || byteLength || defaultByteLength
    this.map = mapReadable || map
    this.pipeTo = null
    this.afterRead = afterRead.bind(this)
    this.afterUpdateNextTick = updateReadNT.bind(this)
  }

  get ending() {
    return (this.stream._duplexState & READ_ENDING) !== 0
  }

  get ended() {
    return (this.stream._duplexState & READ_DONE) !== 0
  }

  pipe(pipeTo, cb) {
    if (this.pipeTo !== null) throw StreamError.BAD_ARGUMENT('Can only pipe to one destination')
    if (typeof cb !== 'function') cb = null

    this.stream._duplexState |= READ_PIPE_DRAINED
    this.pipeTo = pipeTo
    this.pipeline = new Pipeline(this.stream, pipeTo, cb)

    if (cb) this.stream.on('error', noop) // We already error handle this so supress crashes

    if (isStreamx(pipeTo)) {
      pipeTo._writableState.pipeline = this.pipeline
      if (cb) pipeTo.on('error', noop) // We already error handle this so supress crashes
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline)) // TODO: just call finished from pipeTo itself
    } else {
      const onerror = this.pipeline.done.bind(this.pipeline, pipeTo)
      const onclose = this.pipeline.done.bind(this.pipeline, pipeTo, null) // onclose has a weird bool arg
      pipeTo.on('error', onerror)
      pipeTo.on('close', onclose)
      pipeTo.on('finish', this.pipeline.finished.bind(this.pipeline))
    }

    pipeTo.on('drain', afterDrain.bind(this))
    this.stream.emit('piping', pipeTo)
    pipeTo.emit('pipe', this.stream)
  }

  push(data) {
    const stream = this.stream

    if (data === null) {
      this.highWaterMark = 0
      stream._duplexState = (stream._duplexState | READ_ENDING) & READ_NON_PRIMARY_AND_PUSHED
      return false
    }

    if (this.map !== null) {
      data = this.map(data)
      if (data === null) {
        stream._duplexState &= READ_PUSHED
        return this.buffered < this.highWaterMark
      }
    }

    this.buffered += this.byteLength(data)
    this.queue.push(data)

    stream._duplexState = (stream._duplexState | READ_QUEUED) & READ_PUSHED

    return this.buffered < this.highWaterMark
  }

  shift() {
    const data = this.queue.shift()

    this.buffered -= this.byteLength(data)
    if (this.buffered === 0) {
      this.stream._duplexState &= READ_NOT_QUEUED
    }

    return data
  }

  unshift(data) {
    const pending = [this.map !== null ? this.map(data) : data]
    while (this.buffered > 0) pending.push(this.shift())

    for (let i = 0; i < pending.length - 1; i++) {
      const data = pending[i]
      this.buffered += this.byteLength(data)
      this.queue.push(data)
    }

    this.push(pending[pending.length - 1])
  }

  read() {
    const stream = this.stream

    if ((stream._duplexState & READ_STATUS) === READ_QUEUED) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }

      return data
    }

    if (this.readAhead === false) {
      stream._duplexState |= READ_READ_AHEAD
      this.updateNextTick()
    }

    return null
  }

  drain() {
    const stream = this.stream

    while (
      (stream._duplexState & READ_STATUS) === READ_QUEUED &&
      (stream._duplexState & READ_FLOWING) !== 0
    ) {
      const data = this.shift()

      if (this.pipeTo !== null && this.pipeTo.write(data) === false) {
        stream._duplexState &= READ_PIPE_NOT_DRAINED
      }

      if ((stream._duplexState & READ_EMIT_DATA) !== 0) {
        stream.emit('data', data)
      }
    }
  }

  update() {
    const stream = this.stream

    stream._duplexState |= READ_UPDATING

    do {
      this.drain()

      while (
        this.buffered < this.highWaterMark &&
        (stream._duplexState & SHOULD_NOT_READ) === READ_READ_AHEAD
      ) {
        stream._duplexState |= READ_ACTIVE_AND_NEEDS_PUSH
        stream._read(this.afterRead)
        this.drain()
      }

      if ((stream._duplexState & READ_READABLE_STATUS) === READ_EMIT_READABLE_AND_QUEUED) {
        stream._duplexState |= READ_EMITTED_READABLE
        stream.emit('readable')
      }

      if ((stream._duplexState & READ_PRIMARY_AND_ACTIVE) === 0) {
        this.updateNonPrimary()
      }
    } while (this.continueUpdate() === true)

    stream._duplexState &= READ_NOT_UPDATING
  }

  updateNonPrimary() {
    const stream = this.stream

    if ((stream._duplexState & READ_ENDING_STATUS) === READ_ENDING) {
      stream._duplexState = (stream._duplexState | READ_DONE) & READ_NOT_ENDING
      stream.emit('end')

      if ((stream._duplexState & AUTO_DESTROY) === DONE) {
        stream._duplexState |= DESTROYING
      }

      if (this.pipeTo !== null) {
        this.pipeTo.end()
      }
    }

    if ((stream._duplexState & DESTROY_STATUS) === DESTROYING) {
      if ((stream._duplexState & ACTIVE_OR_TICKING) === 0) {
        stream._duplexState |= ACTIVE
        stream._destroy(afterDestroy.bind(this))
      }
      return
    }

    if ((stream._duplexState & IS_OPENING) === OPENING) {
      stream._duplexState = (stream._duplexState | ACTIVE) & NOT_OPENING
      stream._open(afterOpen.bind(this))
    }
  }

  continueUpdate() {
    if ((this.stream._duplexState & READ_NEXT_TICK) === 0) return false
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    return true
  }

  updateCallback() {
    if ((this.stream._duplexState & READ_UPDATE_SYNC_STATUS) === READ_PRIMARY) {
      this.update()
    } else {
      this.updateNextTick()
    }
  }

  updateNextTickIfOpen() {
    if ((this.stream._duplexState & READ_NEXT_TICK_OR_OPENING) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }

  updateNextTick() {
    if ((this.stream._duplexState & READ_NEXT_TICK) !== 0) return
    this.stream._duplexState |= READ_NEXT_TICK
    if ((this.stream._duplexState & READ_UPDATING) === 0) qmt(this.afterUpdateNextTick)
  }
}

class TransformState {
  constructor(stream) {
    this.data = null
    this.afterTransform = afterTransform.bind(stream)
    this.afterFinal = null
  }
}

class Pipeline {
  constructor(src, dst, cb) {
    this.from = src
    this.to = dst
    this.afterPipe = cb
    this.error = null
    this.pipeToFinished = false
  }

  finished() {
    this.pipeToFinished = true
  }

  done(stream, err) {
    if (err) this.error = err

    if (stream === this.to) {
      this.to = null

      if (this.from !== null) {
        if ((this.from._duplexState & READ_DONE) === 0 || !this.pipeToFinished) {
          this.from.destroy(this.error || StreamError.PREMATURE_CLOSE('Writable stream closed'))
        }
        return
      }
    }

    if (stream === this.from) {
      this.from = null

      if (this.to !== null) {
        if ((stream._duplexState & READ_DONE) === 0) {
          this.to.destroy(this.error || StreamError.PREMATURE_CLOSE('Readable stream closed'))
        }
        return
      }
    }

    if (this.afterPipe !== null) this.afterPipe(this.error)
    this.to = this.from = this.afterPipe = null
  }
}

function afterDrain() {
  this.stream._duplexState |= READ_PIPE_DRAINED
  this.updateCallback()
}

function afterFinal(err) {
  const stream = this.stream
  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROY_STATUS) === 0) {
    stream._duplexState |= WRITE_DONE
    stream.emit('finish')
  }

  if ((stream._duplexState & AUTO_DESTROY) === DONE) {
    stream._duplexState |= DESTROYING
  }

  stream._duplexState &= WRITE_NOT_FINISHING

  // no need to wait the extra tick here, so we short circuit that
  if ((stream._duplexState & WRITE_UPDATING) === 0) {
    this.update()
  } else {
    this.updateNextTick()
  }
}

function afterDestroy(err) {
  const stream = this.stream

  if (!err && !StreamError.isStreamDestroyed(this.error)) err = this.error
  if (err) stream.emit('error', err)

  stream._duplexState |= DESTROYED
  stream.emit('close')

  const rs = stream._readableState
  const ws = stream._writableState

  if (rs !== null && rs.pipeline !== null) {
    rs.pipeline.done(stream, err)
  }

  if (ws !== null) {
    while (ws.drains !== null && ws.drains.length > 0) {
      ws.drains.shift().resolve(false)
    }

    if (ws.pipeline !== null) {
      ws.pipeline.done(stream, err)
    }
  }
}

function afterWrite(err) {
  const stream = this.stream

  if (err) stream.destroy(err)
  stream._duplexState &= WRITE_NOT_ACTIVE

  if (this.drains !== null) tickDrains(this.drains)

  if ((stream._duplexState & WRITE_DRAIN_STATUS) === WRITE_UNDRAINED) {
    stream._duplexState &= WRITE_DRAINED

    if ((stream._duplexState & WRITE_EMIT_DRAIN) === WRITE_EMIT_DRAIN) {
      stream.emit('drain')
    }
  }

  this.updateCallback()
}

function afterRead(err) {
  if (err) this.stream.destroy(err)
  this.stream._duplexState &= READ_NOT_ACTIVE

  if (this.readAhead === false && (this.stream._duplexState & READ_RESUMED) === 0) {
    this.stream._duplexState &= READ_NO_READ_AHEAD
  }

  this.updateCallback()
}

function updateReadNT() {
  if ((this.stream._duplexState & READ_UPDATING) === 0) {
    this.stream._duplexState &= READ_NOT_NEXT_TICK
    this.update()
  }
}

function updateWriteNT() {
  if ((this.stream._duplexState & WRITE_UPDATING) === 0) {
    this.stream._duplexState &= WRITE_NOT_NEXT_TICK
    this.update()
  }
}

function tickDrains(drains) {
  for (let i = 0; i < drains.length; i++) {
    // drains.writes are monotonic, so if one is 0 its always the first one
    if (--drains[i].writes === 0) {
      drains.shift().resolve(true)
      i--
    }
  }
}

function afterOpen(err) {
  const stream = this.stream

  if (err) stream.destroy(err)

  if ((stream._duplexState & DESTROYING) === 0) {
    if ((stream._duplexState & READ_PRIMARY_STATUS) === 0) {
      stream._duplexState |= READ_PRIMARY
    }

    if ((stream._duplexState & WRITE_PRIMARY_STATUS) === 0) {
      stream._duplexState |= WRITE_PRIMARY
    }

    stream.emit('open')
  }

  stream._duplexState &= NOT_ACTIVE

  if (stream._writableState !== null) {
    stream._writableState.updateCallback()
  }

  if (stream._readableState !== null) {
    stream._readableState.updateCallback()
  }
}

function afterTransform(err, data) {
  if (data !== undefined && data !== null) this.push(data)
  this._writableState.afterWrite(err)
}

function newListener(name) {
  if (this._readableState !== null) {
    if (name === 'data') {
      this._duplexState |= READ_EMIT_DATA | READ_RESUMED_READ_AHEAD
      this._readableState.updateNextTick()
    }
    if (name === 'readable') {
      this._duplexState |= READ_EMIT_READABLE
      this._readableState.updateNextTick()
    }
  }

  if (this._writableState !== null) {
    if (name === 'drain') {
      this._duplexState |= WRITE_EMIT_DRAIN
      this._writableState.updateNextTick()
    }
  }
}

class Stream extends EventEmitter {
  constructor(opts) {
    super()

    this._duplexState = 0
    this._readableState = null
    this._writableState = null

    if (opts) {
      if (opts.open) this._open = opts.open
      if (opts.destroy) this._destroy = opts.destroy
      if (opts.predestroy) this._predestroy = opts.predestroy
      if (opts.signal) opts.signal.addEventListener('abort', abort.bind(this))
    }

    this.on('newListener', newListener)
  }

  _open(cb) {
    cb(null)
  }

  _destroy(cb) {
    cb(null)
  }

  _predestroy() {
    // does nothing
  }

  get readable() {
    return this._readableState !== null ? true : undefined
  }

  get writable() {
    return this._writableState !== null ? true : undefined
  }

  get destroyed() {
    return (this._duplexState & DESTROYED) !== 0
  }

  get destroying() {
    return (this._duplexState & DESTROY_STATUS) !== 0
  }

  destroy(err) {
    if ((this._duplexState & DESTROY_STATUS) === 0) {
      if (!err) err = StreamError.STREAM_DESTROYED()
      this._duplexState = (this._duplexState | DESTROYING) & NON_PRIMARY

      if (this._readableState !== null) {
        this._readableState.highWaterMark = 0
        this._readableState.error = err
      }

      if (this._writableState !== null) {
        this._writableState.highWaterMark = 0
        this._writableState.error = err
      }

      this._duplexState |= PREDESTROYING
      this._predestroy()
      this._duplexState &= NOT_PREDESTROYING

      if (this._readableState !== null) {
        this._readableState.updateNextTick()
      }

      if (this._writableState !== null) {
        this._writableState.updateNextTick()
      }
    }
  }
}

class Readable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | WRITE_DONE | READ_READ_AHEAD
    this._readableState = new ReadableState(this, opts)

    if (opts) {
      if (this._readableState.readAhead === false) this._duplexState &= READ_NO_READ_AHEAD
      if (opts.read) this._read = opts.read
      if (opts.eagerOpen) this._readableState.updateNextTick()
      if (opts.encoding) this.setEncoding(opts.encoding)
    }
  }

  static deferred(fn, opts) {
    const out = new PassThrough(opts)

    fn()
      .then((src) => {
        if (src === null) return out.end()
        if (out.destroying) return
        pipeline(src, out, noop)
      })
      .catch((err) => out.destroy(err))

    return out
  }

  setEncoding(encoding) {
    const dec = new TextDecoder(encoding)
    const map = this._readableState.map || echo
    this._readableState.map = mapOrSkip
    return this

    function mapOrSkip(data) {
      const next = dec.push(data)
      return next === '' && (data.byteLength !== 0 || dec.remaining > 0) ? null : map(next)
    }
  }

  _read(cb) {
    cb(null)
  }

  pipe(dest, cb) {
    this._readableState.updateNextTick()
    this._readableState.pipe(dest, cb)
    return dest
  }

  read() {
    this._readableState.updateNextTick()
    return this._readableState.read()
  }

  push(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.push(data)
  }

  unshift(data) {
    this._readableState.updateNextTickIfOpen()
    return this._readableState.unshift(data)
  }

  resume() {
    this._duplexState |= READ_RESUMED_READ_AHEAD
    this._readableState.updateNextTick()
    return this
  }

  pause() {
    this._duplexState &=
      this._readableState.readAhead === false ? READ_PAUSED_NO_READ_AHEAD : READ_PAUSED
    return this
  }

  static _fromAsyncIterator(ite, opts) {
    let destroy

    const rs = new Readable({
      ...opts,
      read(cb) {
        ite.next().then(push).then(cb.bind(null, null)).catch(cb)
      },
      predestroy() {
        destroy = ite.return()
      },
      destroy(cb) {
        if (!destroy) return cb(null)
        destroy.then(cb.bind(null, null)).catch(cb)
      }
    })

    return rs

    function push(data) {
      if (data.done) rs.push(null)
      else rs.push(data.value)
    }
  }

  static from(data, opts) {
    if (isReadStreamx(data)) return data
    if (data[asyncIterator]) return this._fromAsyncIterator(data[asyncIterator](), opts)
    if (!Array.isArray(data)) data = data === undefined ? [] : [data]

    let i = 0
    return new Readable({
      ...opts,
      read(cb) {
        this.push(i === data.length ? null : data[i++])
        cb(null)
      }
    })
  }

  static isBackpressured(rs) {
    return (
      (rs._duplexState & READ_BACKPRESSURE_STATUS) !== 0 ||
      rs._readableState.buffered >= rs._readableState.highWaterMark
    )
  }

  static isPaused(rs) {
    return (rs._duplexState & READ_RESUMED) === 0
  }

  [asyncIterator]() {
    const stream = this

    let error = null
    let promiseResolve = null
    let promiseReject = null

    this.on('error', (err) => {
      error = err
    })
    this.on('readable', onreadable)
    this.on('close', onclose)

    return {
      [asyncIterator]() {
        return this
      },
      next() {
        return new Promise(function (resolve, reject) {
          promiseResolve = resolve
          promiseReject = reject
          const data = stream.read()
          if (data !== null) ondata(data)
          else if ((stream._duplexState & DESTROYED) !== 0) ondata(null)
        })
      },
      return() {
        return destroy(null)
      },
      throw(err) {
        return destroy(err)
      }
    }

    function onreadable() {
      if (promiseResolve !== null) ondata(stream.read())
    }

    function onclose() {
      if (promiseResolve !== null) ondata(null)
    }

    function ondata(data) {
      if (promiseReject === null) return
      if (error) {
        promiseReject(error)
      } else if (data === null && (stream._duplexState & READ_DONE) === 0) {
        promiseReject(StreamError.STREAM_DESTROYED())
      } else {
        promiseResolve({ value: data, done: data === null })
      }
      promiseReject = promiseResolve = null
    }

    function destroy(err) {
      stream.destroy(err)
      return new Promise((resolve, reject) => {
        if (stream._duplexState & DESTROYED) return resolve({ value: undefined, done: true })
        stream.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

class Writable extends Stream {
  constructor(opts) {
    super(opts)

    this._duplexState |= OPENING | READ_DONE
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
      if (opts.eagerOpen) this._writableState.updateNextTick()
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  static isBackpressured(ws) {
    return (ws._duplexState & WRITE_BACKPRESSURE_STATUS) !== 0
  }

  static drained(ws) {
    if (ws.destroyed) return Promise.resolve(false)

    const state = ws._writableState
    const pending = isWritev(ws) ? Math.min(1, state.queue.length) : state.queue.length
    const writes = pending + (ws._duplexState & WRITE_WRITING ? 1 : 0)
    if (writes === 0) return Promise.resolve(true)

    if (state.drains === null) state.drains = []
    return new Promise((resolve) => {
      state.drains.push({ writes, resolve })
    })
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Duplex extends Readable {
  // and Writable
  constructor(opts) {
    super(opts)

    this._duplexState = OPENING | (this._duplexState & READ_READ_AHEAD)
    this._writableState = new WritableState(this, opts)

    if (opts) {
      if (opts.writev) this._writev = opts.writev
      if (opts.write) this._write = opts.write
      if (opts.final) this._final = opts.final
    }
  }

  cork() {
    this._duplexState |= WRITE_CORKED
  }

  uncork() {
    this._duplexState &= WRITE_NOT_CORKED
    this._writableState.updateNextTick()
  }

  _writev(batch, cb) {
    cb(null)
  }

  _write(data, cb) {
    this._writableState.autoBatch(data, cb)
  }

  _final(cb) {
    cb(null)
  }

  write(data) {
    this._writableState.updateNextTick()
    return this._writableState.push(data)
  }

  end(data) {
    this._writableState.updateNextTick()
    this._writableState.end(data)
    return this
  }
}

class Transform extends Duplex {
  constructor(opts) {
    super(opts)
    this._transformState = new TransformState(this)

    if (opts) {
      if (opts.transform) this._transform = opts.transform
      if (opts.flush) this._flush = opts.flush
    }
  }

  _write(data, cb) {
    if (this._readableState.buffered >= this._readableState.highWaterMark) {
      this._transformState.data = data
    } else {
      this._transform(data, this._transformState.afterTransform)
    }
  }

  _read(cb) {
    if (this._transformState.data !== null) {
      const data = this._transformState.data
      this._transformState.data = null
      cb(null)
      this._transform(data, this._transformState.afterTransform)
    } else {
      cb(null)
    }
  }

  destroy(err) {
    super.destroy(err)
    if (this._transformState.data !== null) {
      this._transformState.data = null
      this._transformState.afterTransform()
    }
  }

  _transform(data, cb) {
    cb(null, data)
  }

  _flush(cb) {
    cb(null)
  }

  _final(cb) {
    this._transformState.afterFinal = cb
    this._flush(transformAfterFlush.bind(this))
  }
}

class PassThrough extends Transform {}

function transformAfterFlush(err, data) {
  const cb = this._transformState.afterFinal
  if (err) return cb(err)

  if (data !== null && data !== undefined) this.push(data)
  this.push(null)
  cb(null)
}

function pipelinePromise(...streams) {
  return new Promise((resolve, reject) => {
    return pipeline(...streams, (err) => {
      if (err) return reject(err)
      resolve()
    })
  })
}

function pipeline(stream, ...streams) {
  const all = Array.isArray(stream) ? [...stream, ...streams] : [stream, ...streams]
  const done = all.length && typeof all[all.length - 1] === 'function' ? all.pop() : null

  if (all.length < 2) throw StreamError.BAD_ARGUMENT('Pipeline requires at least 2 streams')

  let src = all[0]
  let dest = null
  let error = null

  for (let i = 1; i < all.length; i++) {
    dest = all[i]

    if (isStreamx(src)) {
      src.pipe(dest, onerror)
    } else {
      errorHandle(src, true, i > 1, onerror)
      src.pipe(dest)
    }

    src = dest
  }

  if (done) {
    let fin = false

    const autoDestroy =
      isStreamx(dest) || !!(dest._writableState && dest._writableState.autoDestroy)

    dest.on('error', (err) => {
      if (error === null) error = err
    })

    dest.on('finish', () => {
      fin = true
      if (!autoDestroy) done(error)
    })

    if (autoDestroy) {
      dest.on('close', () => done(error || (fin ? null : StreamError.PREMATURE_CLOSE())))
    }
  }

  return dest

  function errorHandle(s, rd, wr, onerror) {
    s.on('error', onerror)
    s.on('close', onclose)

    function onclose() {
      if (rd && s._readableState && !s._readableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
      if (wr && s._writableState && !s._writableState.ended) {
        return onerror(StreamError.PREMATURE_CLOSE())
      }
    }
  }

  function onerror(err) {
    if (!err || error) return
    error = err

    for (const s of all) {
      s.destroy(err)
    }
  }
}

function echo(s) {
  return s
}

function isStream(stream) {
  return !!stream._readableState || !!stream._writableState
}

function isStreamx(stream) {
  return typeof stream._duplexState === 'number' && isStream(stream)
}

function isEnding(stream) {
  return !!stream._readableState && stream._readableState.ending
}

function isEnded(stream) {
  return !!stream._readableState && stream._readableState.ended
}

function isFinishing(stream) {
  return !!stream._writableState && stream._writableState.ending
}

function isFinished(stream) {
  return !!stream._writableState && stream._writableState.ended
}

function getStreamError(stream, opts = {}) {
  const err =
    (stream._readableState && stream._readableState.error) ||
    (stream._writableState && stream._writableState.error)

  // avoid implicit errors by default
  return !opts.all && StreamError.isStreamDestroyed(err) ? null : err
}

function isReadStreamx(stream) {
  return isStreamx(stream) && stream.readable
}

function isDisturbed(stream) {
  return (
    (stream._duplexState & OPENING) !== OPENING ||
    (stream._duplexState & DESTROYING) === DESTROYING ||
    (stream._duplexState & ACTIVE_OR_TICKING) !== 0
  )
}

function isTypedArray(data) {
  return typeof data === 'object' && data !== null && typeof data.byteLength === 'number'
}

function defaultByteLength(data) {
  return isTypedArray(data) ? data.byteLength : 1024
}

function noop() {}

function abort() {
  this.destroy(StreamError.ABORTED())
}

function isWritev(s) {
  return s._writev !== Writable.prototype._writev && s._writev !== Duplex.prototype._writev
}

module.exports = {
  pipeline,
  pipelinePromise,
  isStream,
  isStreamx,
  isEnding,
  isEnded,
  isFinishing,
  isFinished,
  isDisturbed,
  getStreamError,
  Stream,
  Writable,
  Readable,
  Duplex,
  Transform,
  // Export PassThrough for compatibility with Node.js core's stream module
  PassThrough
}


/***/ }),

/***/ 45657:
/***/ ((module) => {

module.exports = class StreamError extends Error {
  constructor(msg, code, fn = StreamError) {
    super(msg)

    this.code = code

    if (Error.captureStackTrace) {
      Error.captureStackTrace(this, fn)
    }
  }

  static isStreamDestroyed(err) {
    return err && err.code === 'STREAM_DESTROYED'
  }

  static isPrematureClose(err) {
    return err && err.code === 'PREMATURE_CLOSE'
  }

  static isAborted(err) {
    return err && err.code === 'ABORTED'
  }

  static isBadArgument(err) {
    return err && err.code === 'BAD_ARGUMENT'
  }

  get name() {
    return 'StreamError'
  }

  static STREAM_DESTROYED() {
    return new StreamError('Stream was destroyed', 'STREAM_DESTROYED', StreamError.STREAM_DESTROYED)
  }

  static PREMATURE_CLOSE(msg = 'Premature close') {
    return new StreamError(msg, 'PREMATURE_CLOSE', StreamError.PREMATURE_CLOSE)
  }

  static ABORTED() {
    return new StreamError('Stream aborted', 'ABORTED', StreamError.ABORTED)
  }

  static BAD_ARGUMENT(msg = 'Bad argument') {
    return new StreamError(msg, 'BAD_ARGUMENT', StreamError.BAD_ARGUMENT)
  }
}


/***/ }),

/***/ 20775:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const constants = { // just for envs without fs
  S_IFMT: 61440,
  S_IFDIR: 16384,
  S_IFCHR: 8192,
  S_IFBLK: 24576,
  S_IFIFO: 4096,
  S_IFLNK: 40960
}

try {
  module.exports = (__nccwpck_require__(79896).constants) || constants
} catch {
  module.exports = constants
}


/***/ }),

/***/ 35763:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Writable, Readable, getStreamError } = __nccwpck_require__(36204)
const FIFO = __nccwpck_require__(83867)
const b4a = __nccwpck_require__(73057)
const headers = __nccwpck_require__(88428)

const EMPTY = b4a.alloc(0)
const MAX_HEADER_SIZE = 4 * 1024 * 1024 // arbitrary big number

class BufferList {
  constructor () {
    this.buffered = 0
    this.shifted = 0
    this.queue = new FIFO()

    this._offset = 0
  }

  push (buffer) {
    this.buffered += buffer.byteLength
    this.queue.push(buffer)
  }

  shiftFirst (size) {
    return this.buffered === 0 ? null : this._next(size)
  }

  shift (size) {
    if (size > this.buffered) return null
    if (size === 0) return EMPTY

    let chunk = this._next(size)

    if (size === chunk.byteLength) return chunk // likely case

    const chunks = [chunk]

    while ((size -= chunk.byteLength) > 0) {
      chunk = this._next(size)
      chunks.push(chunk)
    }

    return b4a.concat(chunks)
  }

  _next (size) {
    const buf = this.queue.peek()
    const rem = buf.byteLength - this._offset

    if (size >= rem) {
      const sub = this._offset ? buf.subarray(this._offset, buf.byteLength) : buf
      this.queue.shift()
      this._offset = 0
      this.buffered -= rem
      this.shifted += rem
      return sub
    }

    this.buffered -= size
    this.shifted += size

    return buf.subarray(this._offset, (this._offset += size))
  }
}

class Source extends Readable {
  constructor (self, header, offset) {
    super()

    this.header = header
    this.offset = offset

    this._parent = self
  }

  _read (cb) {
    if (this.header.size === 0) {
      this.push(null)
    }
    if (this._parent._stream === this) {
      this._parent._update()
    }
    cb(null)
  }

  _predestroy () {
    this._parent.destroy(getStreamError(this))
  }

  _detach () {
    if (this._parent._stream === this) {
      this._parent._stream = null
      this._parent._missing = overflow(this.header.size)
      this._parent._update()
    }
  }

  _destroy (cb) {
    this._detach()
    cb(null)
  }
}

class Extract extends Writable {
  constructor (opts) {
    super(opts)

    if (!opts) opts = {}

    this._buffer = new BufferList()
    this._offset = 0
    this._header = null
    this._stream = null
    this._missing = 0
    this._longHeader = false
    this._callback = noop
    this._locked = false
    this._finished = false
    this._pax = null
    this._paxGlobal = null
    this._gnuLongPath = null
    this._gnuLongLinkPath = null
    this._filenameEncoding = opts.filenameEncoding || 'utf-8'
    this._allowUnknownFormat = !!opts.allowUnknownFormat
    this._unlockBound = this._unlock.bind(this)
  }

  _unlock (err) {
    this._locked = false

    if (err) {
      this.destroy(err)
      this._continueWrite(err)
      return
    }

    this._update()
  }

  _consumeHeader () {
    if (this._locked) return false

    this._offset = this._buffer.shifted

    try {
      this._header = headers.decode(this._buffer.shift(512), this._filenameEncoding, this._allowUnknownFormat)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    if (!this._header) return true

    this._header.byteOffset = this._buffer.shifted

    switch (this._header.type) {
      case 'gnu-long-path':
      case 'gnu-long-link-path':
      case 'pax-global-header':
      case 'pax-header':
        this._longHeader = true
        this._missing = this._header.size
        if (this._missing > MAX_HEADER_SIZE) {
          this._continueWrite(new Error('Header exceeds max size'))
          return false
        }
        return true
    }

    this._locked = true
    this._applyLongHeaders()

    if (!(this._header.size >= 0)) {
      this._continueWrite(new Error('Invalid header'))
      return false
    }

    if (this._header.size === 0 || this._header.type === 'directory') {
      this.emit('entry', this._header, this._createStream(), this._unlockBound)
      return true
    }

    this._stream = this._createStream()
    this._missing = this._header.size

    this.emit('entry', this._header, this._stream, this._unlockBound)
    return true
  }

  _applyLongHeaders () {
    if (this._gnuLongPath) {
      this._header.name = this._gnuLongPath
      this._gnuLongPath = null
    }

    if (this._gnuLongLinkPath) {
      this._header.linkname = this._gnuLongLinkPath
      this._gnuLongLinkPath = null
    }

    if (this._pax) {
      if (this._pax.path) this._header.name = this._pax.path
      if (this._pax.linkpath) this._header.linkname = this._pax.linkpath
      if (this._pax.size) this._header.size = parseInt(this._pax.size, 10)
      this._header.pax = this._pax
      this._pax = null
    }
  }

  _decodeLongHeader (buf) {
    switch (this._header.type) {
      case 'gnu-long-path':
        this._gnuLongPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'gnu-long-link-path':
        this._gnuLongLinkPath = headers.decodeLongPath(buf, this._filenameEncoding)
        break
      case 'pax-global-header':
        this._paxGlobal = headers.decodePax(buf)
        break
      case 'pax-header':
        this._pax = this._paxGlobal === null
          ? headers.decodePax(buf)
          : Object.assign({}, this._paxGlobal, headers.decodePax(buf))
        break
    }
  }

  _consumeLongHeader () {
    this._longHeader = false
    this._missing = overflow(this._header.size)

    const buf = this._buffer.shift(this._header.size)

    try {
      this._decodeLongHeader(buf)
    } catch (err) {
      this._continueWrite(err)
      return false
    }

    return true
  }

  _consumeStream () {
    const buf = this._buffer.shiftFirst(this._missing)
    if (buf === null) return false

    this._missing -= buf.byteLength
    const drained = this._stream.push(buf)

    if (this._missing === 0) {
      this._stream.push(null)
      if (drained) this._stream._detach()
      return drained && this._locked === false
    }

    return drained
  }

  _createStream () {
    return new Source(this, this._header, this._offset)
  }

  _update () {
    while (this._buffer.buffered > 0 && !this.destroying) {
      if (this._missing > 0) {
        if (this._stream !== null) {
          if (this._consumeStream() === false) return
          continue
        }

        if (this._longHeader === true) {
          if (this._missing > this._buffer.buffered) break
          if (this._consumeLongHeader() === false) return false
          continue
        }

        const ignore = this._buffer.shiftFirst(this._missing)
        if (ignore !== null) this._missing -= ignore.byteLength
        continue
      }

      if (this._buffer.buffered < 512) break
      if (this._stream !== null || this._consumeHeader() === false) return
    }

    this._continueWrite(null)
  }

  _continueWrite (err) {
    const cb = this._callback
    this._callback = noop
    cb(err)
  }

  _write (data, cb) {
    this._callback = cb
    this._buffer.push(data)
    this._update()
  }

  _final (cb) {
    this._finished = this._missing === 0 && this._buffer.buffered === 0
    cb(this._finished ? null : new Error('Unexpected end of data'))
  }

  _predestroy () {
    this._continueWrite(null)
  }

  _destroy (cb) {
    if (this._stream) this._stream.destroy(getStreamError(this))
    cb(null)
  }

  [Symbol.asyncIterator] () {
    let error = null

    let promiseResolve = null
    let promiseReject = null

    let entryStream = null
    let entryCallback = null

    const extract = this

    this.on('entry', onentry)
    this.on('error', (err) => { error = err })
    this.on('close', onclose)

    return {
      [Symbol.asyncIterator] () {
        return this
      },
      next () {
        return new Promise(onnext)
      },
      return () {
        return destroy(null)
      },
      throw (err) {
        return destroy(err)
      }
    }

    function consumeCallback (err) {
      if (!entryCallback) return
      const cb = entryCallback
      entryCallback = null
      cb(err)
    }

    function onnext (resolve, reject) {
      if (error) {
        return reject(error)
      }

      if (entryStream) {
        resolve({ value: entryStream, done: false })
        entryStream = null
        return
      }

      promiseResolve = resolve
      promiseReject = reject

      consumeCallback(null)

      if (extract._finished && promiseResolve) {
        promiseResolve({ value: undefined, done: true })
        promiseResolve = promiseReject = null
      }
    }

    function onentry (header, stream, callback) {
      entryCallback = callback
      stream.on('error', noop) // no way around this due to tick sillyness

      if (promiseResolve) {
        promiseResolve({ value: stream, done: false })
        promiseResolve = promiseReject = null
      } else {
        entryStream = stream
      }
    }

    function onclose () {
      consumeCallback(error)
      if (!promiseResolve) return
      if (error) promiseReject(error)
      else promiseResolve({ value: undefined, done: true })
      promiseResolve = promiseReject = null
    }

    function destroy (err) {
      extract.destroy(err)
      consumeCallback(err)
      return new Promise((resolve, reject) => {
        if (extract.destroyed) return resolve({ value: undefined, done: true })
        extract.once('close', function () {
          if (err) reject(err)
          else resolve({ value: undefined, done: true })
        })
      })
    }
  }
}

module.exports = function extract (opts) {
  return new Extract(opts)
}

function noop () {}

function overflow (size) {
  size &= 511
  return size && 512 - size
}


/***/ }),

/***/ 88428:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(73057)

const ZEROS = '0000000000000000000'
const SEVENS = '7777777777777777777'
const ZERO_OFFSET = '0'.charCodeAt(0)
const USTAR_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x00]) // ustar\x00
const USTAR_VER = b4a.from([ZERO_OFFSET, ZERO_OFFSET])
const GNU_MAGIC = b4a.from([0x75, 0x73, 0x74, 0x61, 0x72, 0x20]) // ustar\x20
const GNU_VER = b4a.from([0x20, 0x00])
const MASK = 0o7777
const MAGIC_OFFSET = 257
const VERSION_OFFSET = 263

exports.decodeLongPath = function decodeLongPath (buf, encoding) {
  return decodeStr(buf, 0, buf.length, encoding)
}

exports.encodePax = function encodePax (opts) { // TODO: encode more stuff in pax
  let result = ''
  if (opts.name) result += addLength(' path=' + opts.name + '\n')
  if (opts.linkname) result += addLength(' linkpath=' + opts.linkname + '\n')
  const pax = opts.pax
  if (pax) {
    for (const key in pax) {
      result += addLength(' ' + key + '=' + pax[key] + '\n')
    }
  }
  return b4a.from(result)
}

exports.decodePax = function decodePax (buf) {
  const result = {}

  while (buf.length) {
    let i = 0
    while (i < buf.length && buf[i] !== 32) i++
    const len = parseInt(b4a.toString(buf.subarray(0, i)), 10)
    if (!len) return result

    const b = b4a.toString(buf.subarray(i + 1, len - 1))
    const keyIndex = b.indexOf('=')
    if (keyIndex === -1) return result
    result[b.slice(0, keyIndex)] = b.slice(keyIndex + 1)

    buf = buf.subarray(len)
  }

  return result
}

exports.encode = function encode (opts) {
  const buf = b4a.alloc(512)
  let name = opts.name
  let prefix = ''

  if (opts.typeflag === 5 && name[name.length - 1] !== '/') name += '/'
  if (b4a.byteLength(name) !== name.length) return null // utf-8

  while (b4a.byteLength(name) > 100) {
    const i = name.indexOf('/')
    if (i === -1) return null
    prefix += prefix ? '/' + name.slice(0, i) : name.slice(0, i)
    name = name.slice(i + 1)
  }

  if (b4a.byteLength(name) > 100 || b4a.byteLength(prefix) > 155) return null
  if (opts.linkname && b4a.byteLength(opts.linkname) > 100) return null

  b4a.write(buf, name)
  b4a.write(buf, encodeOct(opts.mode & MASK, 6), 100)
  b4a.write(buf, encodeOct(opts.uid, 6), 108)
  b4a.write(buf, encodeOct(opts.gid, 6), 116)
  encodeSize(opts.size, buf, 124)
  b4a.write(buf, encodeOct((opts.mtime.getTime() / 1000) | 0, 11), 136)

  buf[156] = ZERO_OFFSET + toTypeflag(opts.type)

  if (opts.linkname) b4a.write(buf, opts.linkname, 157)

  b4a.copy(USTAR_MAGIC, buf, MAGIC_OFFSET)
  b4a.copy(USTAR_VER, buf, VERSION_OFFSET)
  if (opts.uname) b4a.write(buf, opts.uname, 265)
  if (opts.gname) b4a.write(buf, opts.gname, 297)
  b4a.write(buf, encodeOct(opts.devmajor || 0, 6), 329)
  b4a.write(buf, encodeOct(opts.devminor || 0, 6), 337)

  if (prefix) b4a.write(buf, prefix, 345)

  b4a.write(buf, encodeOct(cksum(buf), 6), 148)

  return buf
}

exports.decode = function decode (buf, filenameEncoding, allowUnknownFormat) {
  let typeflag = buf[156] === 0 ? 0 : buf[156] - ZERO_OFFSET

  let name = decodeStr(buf, 0, 100, filenameEncoding)
  const mode = decodeOct(buf, 100, 8)
  const uid = decodeOct(buf, 108, 8)
  const gid = decodeOct(buf, 116, 8)
  const size = decodeOct(buf, 124, 12)
  const mtime = decodeOct(buf, 136, 12)
  const type = toType(typeflag)
  const linkname = buf[157] === 0 ? null : decodeStr(buf, 157, 100, filenameEncoding)
  const uname = decodeStr(buf, 265, 32)
  const gname = decodeStr(buf, 297, 32)
  const devmajor = decodeOct(buf, 329, 8)
  const devminor = decodeOct(buf, 337, 8)

  const c = cksum(buf)

  // checksum is still initial value if header was null.
  if (c === 8 * 32) return null

  // valid checksum
  if (c !== decodeOct(buf, 148, 8)) throw new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?')

  if (isUSTAR(buf)) {
    // ustar (posix) format.
    // prepend prefix, if present.
    if (buf[345]) name = decodeStr(buf, 345, 155, filenameEncoding) + '/' + name
  } else if (isGNU(buf)) {
    // 'gnu'/'oldgnu' format. Similar to ustar, but has support for incremental and
    // multi-volume tarballs.
  } else {
    if (!allowUnknownFormat) {
      throw new Error('Invalid tar header: unknown format.')
    }
  }

  // to support old tar versions that use trailing / to indicate dirs
  if (typeflag === 0 && name && name[name.length - 1] === '/') typeflag = 5

  return {
    name,
    mode,
    uid,
    gid,
    size,
    byteOffset: 0,
    mtime: new Date(1000 * mtime),
    type,
    linkname,
    uname,
    gname,
    devmajor,
    devminor,
    pax: null
  }
}

function isUSTAR (buf) {
  return b4a.equals(USTAR_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6))
}

function isGNU (buf) {
  return b4a.equals(GNU_MAGIC, buf.subarray(MAGIC_OFFSET, MAGIC_OFFSET + 6)) &&
    b4a.equals(GNU_VER, buf.subarray(VERSION_OFFSET, VERSION_OFFSET + 2))
}

function clamp (index, len, defaultValue) {
  if (typeof index !== 'number') return defaultValue
  index = ~~index // Coerce to integer.
  if (index >= len) return len
  if (index >= 0) return index
  index += len
  if (index >= 0) return index
  return 0
}

function toType (flag) {
  switch (flag) {
    case 0:
      return 'file'
    case 1:
      return 'link'
    case 2:
      return 'symlink'
    case 3:
      return 'character-device'
    case 4:
      return 'block-device'
    case 5:
      return 'directory'
    case 6:
      return 'fifo'
    case 7:
      return 'contiguous-file'
    case 72:
      return 'pax-header'
    case 55:
      return 'pax-global-header'
    case 27:
      return 'gnu-long-link-path'
    case 28:
    case 30:
      return 'gnu-long-path'
  }

  return null
}

function toTypeflag (flag) {
  switch (flag) {
    case 'file':
      return 0
    case 'link':
      return 1
    case 'symlink':
      return 2
    case 'character-device':
      return 3
    case 'block-device':
      return 4
    case 'directory':
      return 5
    case 'fifo':
      return 6
    case 'contiguous-file':
      return 7
    case 'pax-header':
      return 72
  }

  return 0
}

function indexOf (block, num, offset, end) {
  for (; offset < end; offset++) {
    if (block[offset] === num) return offset
  }
  return end
}

function cksum (block) {
  let sum = 8 * 32
  for (let i = 0; i < 148; i++) sum += block[i]
  for (let j = 156; j < 512; j++) sum += block[j]
  return sum
}

function encodeOct (val, n) {
  val = val.toString(8)
  if (val.length > n) return SEVENS.slice(0, n) + ' '
  return ZEROS.slice(0, n - val.length) + val + ' '
}

function encodeSizeBin (num, buf, off) {
  buf[off] = 0x80
  for (let i = 11; i > 0; i--) {
    buf[off + i] = num & 0xff
    num = Math.floor(num / 0x100)
  }
}

function encodeSize (num, buf, off) {
  if (num.toString(8).length > 11) {
    encodeSizeBin(num, buf, off)
  } else {
    b4a.write(buf, encodeOct(num, 11), off)
  }
}

/* Copied from the node-tar repo and modified to meet
 * tar-stream coding standard.
 *
 * Source: https://github.com/npm/node-tar/blob/51b6627a1f357d2eb433e7378e5f05e83b7aa6cd/lib/header.js#L349
 */
function parse256 (buf) {
  // first byte MUST be either 80 or FF
  // 80 for positive, FF for 2's comp
  let positive
  if (buf[0] === 0x80) positive = true
  else if (buf[0] === 0xFF) positive = false
  else return null

  // build up a base-256 tuple from the least sig to the highest
  const tuple = []
  let i
  for (i = buf.length - 1; i > 0; i--) {
    const byte = buf[i]
    if (positive) tuple.push(byte)
    else tuple.push(0xFF - byte)
  }

  let sum = 0
  const l = tuple.length
  for (i = 0; i < l; i++) {
    sum += tuple[i] * Math.pow(256, i)
  }

  return positive ? sum : -1 * sum
}

function decodeOct (val, offset, length) {
  val = val.subarray(offset, offset + length)
  offset = 0

  // If prefixed with 0x80 then parse as a base-256 integer
  if (val[offset] & 0x80) {
    return parse256(val)
  } else {
    // Older versions of tar can prefix with spaces
    while (offset < val.length && val[offset] === 32) offset++
    const end = clamp(indexOf(val, 32, offset, val.length), val.length, val.length)
    while (offset < end && val[offset] === 0) offset++
    if (end === offset) return 0
    return parseInt(b4a.toString(val.subarray(offset, end)), 8)
  }
}

function decodeStr (val, offset, length, encoding) {
  return b4a.toString(val.subarray(offset, indexOf(val, 0, offset, offset + length)), encoding)
}

function addLength (str) {
  const len = b4a.byteLength(str)
  let digits = Math.floor(Math.log(len) / Math.log(10)) + 1
  if (len + digits >= Math.pow(10, digits)) digits++

  return (len + digits) + str
}


/***/ }),

/***/ 56118:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

exports.extract = __nccwpck_require__(35763)
exports.pack = __nccwpck_require__(80861)


/***/ }),

/***/ 80861:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { Readable, Writable, getStreamError } = __nccwpck_require__(36204)
const b4a = __nccwpck_require__(73057)

const constants = __nccwpck_require__(20775)
const headers = __nccwpck_require__(88428)

const DMODE = 0o755
const FMODE = 0o644

const END_OF_TAR = b4a.alloc(1024)

class Sink extends Writable {
  constructor (pack, header, callback) {
    super({ mapWritable, eagerOpen: true })

    this.written = 0
    this.header = header

    this._callback = callback
    this._linkname = null
    this._isLinkname = header.type === 'symlink' && !header.linkname
    this._isVoid = header.type !== 'file' && header.type !== 'contiguous-file'
    this._finished = false
    this._pack = pack
    this._openCallback = null

    if (this._pack._stream === null) this._pack._stream = this
    else this._pack._pending.push(this)
  }

  _open (cb) {
    this._openCallback = cb
    if (this._pack._stream === this) this._continueOpen()
  }

  _continuePack (err) {
    if (this._callback === null) return

    const callback = this._callback
    this._callback = null

    callback(err)
  }

  _continueOpen () {
    if (this._pack._stream === null) this._pack._stream = this

    const cb = this._openCallback
    this._openCallback = null
    if (cb === null) return

    if (this._pack.destroying) return cb(new Error('pack stream destroyed'))
    if (this._pack._finalized) return cb(new Error('pack stream is already finalized'))

    this._pack._stream = this

    if (!this._isLinkname) {
      this._pack._encode(this.header)
    }

    if (this._isVoid) {
      this._finish()
      this._continuePack(null)
    }

    cb(null)
  }

  _write (data, cb) {
    if (this._isLinkname) {
      this._linkname = this._linkname ? b4a.concat([this._linkname, data]) : data
      return cb(null)
    }

    if (this._isVoid) {
      if (data.byteLength > 0) {
        return cb(new Error('No body allowed for this entry'))
      }
      return cb()
    }

    this.written += data.byteLength
    if (this._pack.push(data)) return cb()
    this._pack._drain = cb
  }

  _finish () {
    if (this._finished) return
    this._finished = true

    if (this._isLinkname) {
      this.header.linkname = this._linkname ? b4a.toString(this._linkname, 'utf-8') : ''
      this._pack._encode(this.header)
    }

    overflow(this._pack, this.header.size)

    this._pack._done(this)
  }

  _final (cb) {
    if (this.written !== this.header.size) { // corrupting tar
      return cb(new Error('Size mismatch'))
    }

    this._finish()
    cb(null)
  }

  _getError () {
    return getStreamError(this) || new Error('tar entry destroyed')
  }

  _predestroy () {
    this._pack.destroy(this._getError())
  }

  _destroy (cb) {
    this._pack._done(this)

    this._continuePack(this._finished ? null : this._getError())

    cb()
  }
}

class Pack extends Readable {
  constructor (opts) {
    super(opts)
    this._drain = noop
    this._finalized = false
    this._finalizing = false
    this._pending = []
    this._stream = null
  }

  entry (header, buffer, callback) {
    if (this._finalized || this.destroying) throw new Error('already finalized or destroyed')

    if (typeof buffer === 'function') {
      callback = buffer
      buffer = null
    }

    if (!callback) callback = noop

    if (!header.size || header.type === 'symlink') header.size = 0
    if (!header.type) header.type = modeToType(header.mode)
    if (!header.mode) header.mode = header.type === 'directory' ? DMODE : FMODE
    if (!header.uid) header.uid = 0
    if (!header.gid) header.gid = 0
    if (!header.mtime) header.mtime = new Date()

    if (typeof buffer === 'string') buffer = b4a.from(buffer)

    const sink = new Sink(this, header, callback)

    if (b4a.isBuffer(buffer)) {
      header.size = buffer.byteLength
      sink.write(buffer)
      sink.end()
      return sink
    }

    if (sink._isVoid) {
      return sink
    }

    return sink
  }

  finalize () {
    if (this._stream || this._pending.length > 0) {
      this._finalizing = true
      return
    }

    if (this._finalized) return
    this._finalized = true

    this.push(END_OF_TAR)
    this.push(null)
  }

  _done (stream) {
    if (stream !== this._stream) return

    this._stream = null

    if (this._finalizing) this.finalize()
    if (this._pending.length) this._pending.shift()._continueOpen()
  }

  _encode (header) {
    if (!header.pax) {
      const buf = headers.encode(header)
      if (buf) {
        this.push(buf)
        return
      }
    }
    this._encodePax(header)
  }

  _encodePax (header) {
    const paxHeader = headers.encodePax({
      name: header.name,
      linkname: header.linkname,
      pax: header.pax
    })

    const newHeader = {
      name: 'PaxHeader',
      mode: header.mode,
      uid: header.uid,
      gid: header.gid,
      size: paxHeader.byteLength,
      mtime: header.mtime,
      type: 'pax-header',
      linkname: header.linkname && 'PaxHeader',
      uname: header.uname,
      gname: header.gname,
      devmajor: header.devmajor,
      devminor: header.devminor
    }

    this.push(headers.encode(newHeader))
    this.push(paxHeader)
    overflow(this, paxHeader.byteLength)

    newHeader.size = header.size
    newHeader.type = header.type
    this.push(headers.encode(newHeader))
  }

  _doDrain () {
    const drain = this._drain
    this._drain = noop
    drain()
  }

  _predestroy () {
    const err = getStreamError(this)

    if (this._stream) this._stream.destroy(err)

    while (this._pending.length) {
      const stream = this._pending.shift()
      stream.destroy(err)
      stream._continueOpen()
    }

    this._doDrain()
  }

  _read (cb) {
    this._doDrain()
    cb()
  }
}

module.exports = function pack (opts) {
  return new Pack(opts)
}

function modeToType (mode) {
  switch (mode & constants.S_IFMT) {
    case constants.S_IFBLK: return 'block-device'
    case constants.S_IFCHR: return 'character-device'
    case constants.S_IFDIR: return 'directory'
    case constants.S_IFIFO: return 'fifo'
    case constants.S_IFLNK: return 'symlink'
  }

  return 'file'
}

function noop () {}

function overflow (self, size) {
  size &= 511
  if (size) self.push(END_OF_TAR.subarray(0, 512 - size))
}

function mapWritable (buf) {
  return b4a.isBuffer(buf) ? buf : b4a.from(buf)
}


/***/ }),

/***/ 97934:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const PassThroughDecoder = __nccwpck_require__(47256)
const UTF8Decoder = __nccwpck_require__(86414)

module.exports = class TextDecoder {
  constructor(encoding = 'utf8') {
    this.encoding = normalizeEncoding(encoding)

    switch (this.encoding) {
      case 'utf8':
        this.decoder = new UTF8Decoder()
        break
      case 'utf16le':
      case 'base64':
        throw new Error('Unsupported encoding: ' + this.encoding)
      default:
        this.decoder = new PassThroughDecoder(this.encoding)
    }
  }

  get remaining() {
    return this.decoder.remaining
  }

  push(data) {
    if (typeof data === 'string') return data
    return this.decoder.decode(data)
  }

  // For Node.js compatibility
  write(data) {
    return this.push(data)
  }

  end(data) {
    let result = ''
    if (data) result = this.push(data)
    result += this.decoder.flush()
    return result
  }
}

function normalizeEncoding(encoding) {
  encoding = encoding.toLowerCase()

  switch (encoding) {
    case 'utf8':
    case 'utf-8':
      return 'utf8'
    case 'ucs2':
    case 'ucs-2':
    case 'utf16le':
    case 'utf-16le':
      return 'utf16le'
    case 'latin1':
    case 'binary':
      return 'latin1'
    case 'base64':
    case 'ascii':
    case 'hex':
      return encoding
    default:
      throw new Error('Unknown encoding: ' + encoding)
  }
}


/***/ }),

/***/ 47256:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(73057)

module.exports = class PassThroughDecoder {
  constructor(encoding) {
    this.encoding = encoding
  }

  get remaining() {
    return 0
  }

  decode(data) {
    return b4a.toString(data, this.encoding)
  }

  flush() {
    return ''
  }
}


/***/ }),

/***/ 86414:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const b4a = __nccwpck_require__(73057)

/**
 * https://encoding.spec.whatwg.org/#utf-8-decoder
 */
module.exports = class UTF8Decoder {
  constructor() {
    this._reset()
  }

  get remaining() {
    return this.bytesSeen
  }

  decode(data) {
    if (data.byteLength === 0) return ''

    if (this.bytesNeeded === 0 && trailingIncomplete(data, 0) === 0) {
      this.bytesSeen = trailingBytesSeen(data)
      return b4a.toString(data, 'utf8')
    }

    let result = ''
    let start = 0

    if (this.bytesNeeded > 0) {
      while (start < data.byteLength) {
        const byte = data[start]

        if (byte < this.lowerBoundary || byte > this.upperBoundary) {
          result += '\ufffd'
          this._reset()
          break
        }

        this.lowerBoundary = 0x80
        this.upperBoundary = 0xbf
        this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
        this.bytesSeen++
        start++

        if (this.bytesSeen === this.bytesNeeded) {
          result += String.fromCodePoint(this.codePoint)
          this._reset()
          break
        }
      }

      if (this.bytesNeeded > 0) return result
    }

    const trailing = trailingIncomplete(data, start)
    const end = data.byteLength - trailing

    if (end > start) result += b4a.toString(data, 'utf8', start, end)

    for (let i = end; i < data.byteLength; i++) {
      const byte = data[i]

      if (this.bytesNeeded === 0) {
        if (byte <= 0x7f) {
          this.bytesSeen = 0
          result += String.fromCharCode(byte)
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          this.bytesNeeded = 2
          this.bytesSeen = 1
          this.codePoint = byte & 0x1f
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lowerBoundary = 0xa0
          else if (byte === 0xed) this.upperBoundary = 0x9f
          this.bytesNeeded = 3
          this.bytesSeen = 1
          this.codePoint = byte & 0xf
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lowerBoundary = 0x90
          else if (byte === 0xf4) this.upperBoundary = 0x8f
          this.bytesNeeded = 4
          this.bytesSeen = 1
          this.codePoint = byte & 0x7
        } else {
          this.bytesSeen = 1
          result += '\ufffd'
        }

        continue
      }

      if (byte < this.lowerBoundary || byte > this.upperBoundary) {
        result += '\ufffd'
        i--
        this._reset()

        continue
      }

      this.lowerBoundary = 0x80
      this.upperBoundary = 0xbf

      this.codePoint = (this.codePoint << 6) | (byte & 0x3f)
      this.bytesSeen++

      if (this.bytesSeen === this.bytesNeeded) {
        result += String.fromCodePoint(this.codePoint)
        this._reset()
      }
    }

    return result
  }

  flush() {
    const result = this.bytesNeeded > 0 ? '\ufffd' : ''
    this._reset()
    return result
  }

  _reset() {
    this.codePoint = 0
    this.bytesNeeded = 0
    this.bytesSeen = 0
    this.lowerBoundary = 0x80
    this.upperBoundary = 0xbf
  }
}

function trailingIncomplete(data, start) {
  const len = data.byteLength
  if (len <= start) return 0

  const limit = Math.max(start, len - 4)

  let i = len - 1
  while (i > limit && (data[i] & 0xc0) === 0x80) i--

  if (i < start) return 0

  const byte = data[i]

  let needed
  if (byte <= 0x7f) return 0
  if (byte >= 0xc2 && byte <= 0xdf) needed = 2
  else if (byte >= 0xe0 && byte <= 0xef) needed = 3
  else if (byte >= 0xf0 && byte <= 0xf4) needed = 4
  else return 0

  const available = len - i
  return available < needed ? available : 0
}

function trailingBytesSeen(data) {
  const len = data.byteLength
  if (len === 0) return 0

  const last = data[len - 1]

  if (last <= 0x7f) return 0
  if ((last & 0xc0) !== 0x80) return 1

  const limit = Math.max(0, len - 4)

  let i = len - 2
  while (i >= limit && (data[i] & 0xc0) === 0x80) i--

  if (i < 0) return 1

  const first = data[i]

  let needed
  if (first >= 0xc2 && first <= 0xdf) needed = 2
  else if (first >= 0xe0 && first <= 0xef) needed = 3
  else if (first >= 0xf0 && first <= 0xf4) needed = 4
  else return 1

  if (len - i !== needed) return 1

  if (needed >= 3) {
    const second = data[i + 1]
    if (first === 0xe0 && second < 0xa0) return 1
    if (first === 0xed && second > 0x9f) return 1
    if (first === 0xf0 && second < 0x90) return 1
    if (first === 0xf4 && second > 0x8f) return 1
  }

  return 0
}


/***/ }),

/***/ 96950:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Character classes and associated utilities for the 5th edition of XML 1.0.
 *
 * @author Louis-Dominique Dubeau
 * @license MIT
 * @copyright Louis-Dominique Dubeau
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
//
// Fragments.
//
exports.CHAR = "\t\n\r -\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF";
exports.S = " \t\r\n";
// tslint:disable-next-line:max-line-length
exports.NAME_START_CHAR = ":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800\uDC00-\uDB7F\uDFFF";
exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\u00B7\u0300-\u036F\u203F-\u2040";
//
// Regular expressions.
//
exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
var TAB = 9;
var NL = 0xA;
var CR = 0xD;
var SPACE = 0x20;
//
// Lists.
//
/** All characters in the ``S`` production. */
exports.S_LIST = [SPACE, NL, CR, TAB];
/**
 * Determines whether a codepoint matches the ``CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``CHAR``.
 */
function isChar(c) {
    return (c >= SPACE && c <= 0xD7FF) ||
        c === NL || c === CR || c === TAB ||
        (c >= 0xE000 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0x10FFFF);
}
exports.isChar = isChar;
/**
 * Determines whether a codepoint matches the ``S`` (space) production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``S``.
 */
function isS(c) {
    return c === SPACE || c === NL || c === CR || c === TAB;
}
exports.isS = isS;
/**
 * Determines whether a codepoint matches the ``NAME_START_CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``NAME_START_CHAR``.
 */
function isNameStartChar(c) {
    return ((c >= 0x41 && c <= 0x5A) ||
        (c >= 0x61 && c <= 0x7A) ||
        c === 0x3A ||
        c === 0x5F ||
        c === 0x200C ||
        c === 0x200D ||
        (c >= 0xC0 && c <= 0xD6) ||
        (c >= 0xD8 && c <= 0xF6) ||
        (c >= 0x00F8 && c <= 0x02FF) ||
        (c >= 0x0370 && c <= 0x037D) ||
        (c >= 0x037F && c <= 0x1FFF) ||
        (c >= 0x2070 && c <= 0x218F) ||
        (c >= 0x2C00 && c <= 0x2FEF) ||
        (c >= 0x3001 && c <= 0xD7FF) ||
        (c >= 0xF900 && c <= 0xFDCF) ||
        (c >= 0xFDF0 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0xEFFFF));
}
exports.isNameStartChar = isNameStartChar;
/**
 * Determines whether a codepoint matches the ``NAME_CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``NAME_CHAR``.
 */
function isNameChar(c) {
    return isNameStartChar(c) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2D ||
        c === 0x2E ||
        c === 0xB7 ||
        (c >= 0x0300 && c <= 0x036F) ||
        (c >= 0x203F && c <= 0x2040);
}
exports.isNameChar = isNameChar;
//# sourceMappingURL=ed5.js.map

/***/ }),

/***/ 24488:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Character classes and associated utilities for the 2nd edition of XML 1.1.
 *
 * @author Louis-Dominique Dubeau
 * @license MIT
 * @copyright Louis-Dominique Dubeau
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
//
// Fragments.
//
exports.CHAR = "\u0001-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF";
exports.RESTRICTED_CHAR = "\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F";
exports.S = " \t\r\n";
// tslint:disable-next-line:max-line-length
exports.NAME_START_CHAR = ":A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800\uDC00-\uDB7F\uDFFF";
exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\u00B7\u0300-\u036F\u203F-\u2040";
//
// Regular expressions.
//
exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
exports.RESTRICTED_CHAR_RE = new RegExp("^[" + exports.RESTRICTED_CHAR + "]$", "u");
exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
var TAB = 9;
var NL = 0xA;
var CR = 0xD;
var SPACE = 0x20;
//
// Lists.
//
/** All characters in the ``S`` production. */
exports.S_LIST = [SPACE, NL, CR, TAB];
/**
 * Determines whether a codepoint matches the ``CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``CHAR``.
 */
function isChar(c) {
    return (c >= 0x0001 && c <= 0xD7FF) ||
        (c >= 0xE000 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0x10FFFF);
}
exports.isChar = isChar;
/**
 * Determines whether a codepoint matches the ``RESTRICTED_CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``RESTRICTED_CHAR``.
 */
function isRestrictedChar(c) {
    return (c >= 0x1 && c <= 0x8) ||
        c === 0xB ||
        c === 0xC ||
        (c >= 0xE && c <= 0x1F) ||
        (c >= 0x7F && c <= 0x84) ||
        (c >= 0x86 && c <= 0x9F);
}
exports.isRestrictedChar = isRestrictedChar;
/**
 * Determines whether a codepoint matches the ``CHAR`` production and does not
 * match the ``RESTRICTED_CHAR`` production. ``isCharAndNotRestricted(x)`` is
 * equivalent to ``isChar(x) && !isRestrictedChar(x)``. This function is faster
 * than running the two-call equivalent.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``CHAR`` and does not match
 * ``RESTRICTED_CHAR``.
 */
function isCharAndNotRestricted(c) {
    return (c === 0x9) ||
        (c === 0xA) ||
        (c === 0xD) ||
        (c > 0x1F && c < 0x7F) ||
        (c === 0x85) ||
        (c > 0x9F && c <= 0xD7FF) ||
        (c >= 0xE000 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0x10FFFF);
}
exports.isCharAndNotRestricted = isCharAndNotRestricted;
/**
 * Determines whether a codepoint matches the ``S`` (space) production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``S``.
 */
function isS(c) {
    return c === SPACE || c === NL || c === CR || c === TAB;
}
exports.isS = isS;
/**
 * Determines whether a codepoint matches the ``NAME_START_CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``NAME_START_CHAR``.
 */
// tslint:disable-next-line:cyclomatic-complexity
function isNameStartChar(c) {
    return ((c >= 0x41 && c <= 0x5A) ||
        (c >= 0x61 && c <= 0x7A) ||
        c === 0x3A ||
        c === 0x5F ||
        c === 0x200C ||
        c === 0x200D ||
        (c >= 0xC0 && c <= 0xD6) ||
        (c >= 0xD8 && c <= 0xF6) ||
        (c >= 0x00F8 && c <= 0x02FF) ||
        (c >= 0x0370 && c <= 0x037D) ||
        (c >= 0x037F && c <= 0x1FFF) ||
        (c >= 0x2070 && c <= 0x218F) ||
        (c >= 0x2C00 && c <= 0x2FEF) ||
        (c >= 0x3001 && c <= 0xD7FF) ||
        (c >= 0xF900 && c <= 0xFDCF) ||
        (c >= 0xFDF0 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0xEFFFF));
}
exports.isNameStartChar = isNameStartChar;
/**
 * Determines whether a codepoint matches the ``NAME_CHAR`` production.
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches ``NAME_CHAR``.
 */
function isNameChar(c) {
    return isNameStartChar(c) ||
        (c >= 0x30 && c <= 0x39) ||
        c === 0x2D ||
        c === 0x2E ||
        c === 0xB7 ||
        (c >= 0x0300 && c <= 0x036F) ||
        (c >= 0x203F && c <= 0x2040);
}
exports.isNameChar = isNameChar;
//# sourceMappingURL=ed2.js.map

/***/ }),

/***/ 85699:
/***/ ((__unused_webpack_module, exports) => {


/**
 * Character class utilities for XML NS 1.0 edition 3.
 *
 * @author Louis-Dominique Dubeau
 * @license MIT
 * @copyright Louis-Dominique Dubeau
 */
Object.defineProperty(exports, "__esModule", ({ value: true }));
//
// Fragments.
//
// tslint:disable-next-line:max-line-length
exports.NC_NAME_START_CHAR = "A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\uD800\uDC00-\uDB7F\uDFFF";
exports.NC_NAME_CHAR = "-" + exports.NC_NAME_START_CHAR + ".0-9\u00B7\u0300-\u036F\u203F-\u2040";
//
// Regular expressions.
//
exports.NC_NAME_START_CHAR_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "]$", "u");
exports.NC_NAME_CHAR_RE = new RegExp("^[" + exports.NC_NAME_CHAR + "]$", "u");
exports.NC_NAME_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "][" + exports.NC_NAME_CHAR + "]*$", "u");
/**
 * Determines whether a codepoint matches [[NC_NAME_START_CHAR]].
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches.
 */
// tslint:disable-next-line:cyclomatic-complexity
function isNCNameStartChar(c) {
    return ((c >= 0x41 && c <= 0x5A) ||
        c === 0x5F ||
        (c >= 0x61 && c <= 0x7A) ||
        (c >= 0xC0 && c <= 0xD6) ||
        (c >= 0xD8 && c <= 0xF6) ||
        (c >= 0x00F8 && c <= 0x02FF) ||
        (c >= 0x0370 && c <= 0x037D) ||
        (c >= 0x037F && c <= 0x1FFF) ||
        (c >= 0x200C && c <= 0x200D) ||
        (c >= 0x2070 && c <= 0x218F) ||
        (c >= 0x2C00 && c <= 0x2FEF) ||
        (c >= 0x3001 && c <= 0xD7FF) ||
        (c >= 0xF900 && c <= 0xFDCF) ||
        (c >= 0xFDF0 && c <= 0xFFFD) ||
        (c >= 0x10000 && c <= 0xEFFFF));
}
exports.isNCNameStartChar = isNCNameStartChar;
/**
 * Determines whether a codepoint matches [[NC_NAME_CHAR]].
 *
 * @param c The code point.
 *
 * @returns ``true`` if the codepoint matches.
 */
function isNCNameChar(c) {
    return isNCNameStartChar(c) ||
        (c === 0x2D ||
            c === 0x2E ||
            (c >= 0x30 && c <= 0x39) ||
            c === 0x00B7 ||
            (c >= 0x0300 && c <= 0x036F) ||
            (c >= 0x203F && c <= 0x2040));
}
exports.isNCNameChar = isNCNameChar;
//# sourceMappingURL=ed3.js.map

/***/ }),

/***/ 44248:
/***/ ((module) => {

// Adapted from https://github.com/brianloveswords/buffer-crc32/blob/v0.2.13/index.js
const CRC_TABLE = new Int32Array([
  0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
  0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988, 0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
  0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
  0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
  0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172, 0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
  0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
  0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
  0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924, 0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
  0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
  0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
  0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e, 0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
  0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
  0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
  0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0, 0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
  0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
  0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
  0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a, 0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
  0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
  0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
  0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc, 0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
  0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
  0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
  0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236, 0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
  0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
  0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
  0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38, 0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
  0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
  0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
  0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2, 0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
  0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
  0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
  0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94, 0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
]);

function crc32(buf) {
  let crc = -1;
  for (let x of buf) {
    crc = CRC_TABLE[(crc ^ x) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ -1) >>> 0;
}

module.exports = crc32;


/***/ }),

/***/ 33502:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

// This was adapted from https://github.com/andrewrk/node-fd-slicer by Andrew Kelley under the MIT License.
var fs = __nccwpck_require__(79896);
var util = __nccwpck_require__(39023);
var stream = __nccwpck_require__(2203);
var Readable = stream.Readable;
var PassThrough = stream.PassThrough;
var Pend = __nccwpck_require__(73313);
var EventEmitter = (__nccwpck_require__(24434).EventEmitter);

exports.BufferSlicer = BufferSlicer;
exports.FdSlicer = FdSlicer;

util.inherits(FdSlicer, EventEmitter);
function FdSlicer(fd) {
  EventEmitter.call(this);

  this.fd = fd;
  this.pend = new Pend();
  this.pend.max = 1;
  this.refCount = 0;
}

FdSlicer.prototype.read = function(buffer, offset, length, position, callback) {
  var self = this;
  self.pend.go(function(cb) {
    fs.read(self.fd, buffer, offset, length, position, function(err, bytesRead, buffer) {
      cb();
      callback(err, bytesRead, buffer);
    });
  });
};

FdSlicer.prototype.createReadStream = function(options) {
  return new ReadStream(this, options);
};

FdSlicer.prototype.ref = function() {
  this.refCount += 1;
};

FdSlicer.prototype.unref = function() {
  var self = this;
  self.refCount -= 1;
  if (self.refCount < 0) throw new Error("invalid unref");
  if (self.refCount > 0) return;

  fs.close(self.fd, onCloseDone);

  function onCloseDone(err) {
    if (err) {
      self.emit('error', err);
    } else {
      self.emit('close');
    }
  }
};

util.inherits(ReadStream, Readable);
function ReadStream(context, options) {
  options = options || {};
  Readable.call(this, options);

  this.context = context;
  this.context.ref();

  this.start = options.start || 0;
  this.endOffset = options.end;
  this.pos = this.start;
}

ReadStream.prototype._read = function(n) {
  var self = this;

  var toRead = Math.min(self._readableState.highWaterMark, n);
  if (self.endOffset != null) {
    toRead = Math.min(toRead, self.endOffset - self.pos);
  }
  if (toRead <= 0) {
    self.push(null);
    this._cleanup();
    return;
  }
  self.context.pend.go(function(cb) {
    var buffer = Buffer.allocUnsafe(toRead);
    fs.read(self.context.fd, buffer, 0, toRead, self.pos, function(err, bytesRead) {
      if (err) {
        self.destroy(err);
      } else if (bytesRead === 0) {
        self.push(null);
        self._cleanup();
      } else {
        self.pos += bytesRead;
        self.push(buffer.slice(0, bytesRead));
      }
      cb();
    });
  });
};

ReadStream.prototype._destroy = function(err, cb) {
  // Node 14+ calls this automatically at EOF.
  this._cleanup();
  cb(err);
};

ReadStream.prototype._cleanup = function() {
  if (this.context != null) {
    this.context.unref();
    this.context = null;
  }
};

util.inherits(BufferSlicer, EventEmitter);
function BufferSlicer(buffer) {
  EventEmitter.call(this);

  this.refCount = 0;
  this.buffer = buffer;
}

BufferSlicer.prototype.read = function(buffer, offset, length, position, callback) {
  if (!(0 <= offset && offset <= buffer.length)) throw new RangeError("offset outside buffer: 0 <= " + offset + " <= " + buffer.length);
  if (position < 0) throw new RangeError("position is negative: " + position);
  if (offset + length > buffer.length) {
    // The caller's buffer can't hold all the bytes they're trying to read.
    // Clamp the length instead of giving an error.
    // The callback will be informed of fewer than expected bytes written.
    length = buffer.length - offset;
  }
  if (position + length > this.buffer.length) {
    // Clamp any attempt to read past the end of the source buffer.
    length = this.buffer.length - position;
  }
  if (length <= 0) {
    // After any clamping, we're fully out of bounds or otherwise have nothing to do.
    // This isn't an error; it's just zero bytes written.
    setImmediate(function() {
      callback(null, 0);
    });
    return;
  }
  this.buffer.copy(buffer, offset, position, position + length);
  setImmediate(function() {
    callback(null, length);
  });
};

BufferSlicer.prototype.createReadStream = function(options) {
  options = options || {};
  var readStream = new PassThrough(options);
  readStream.start = options.start || 0;
  readStream.endOffset = options.end;
  // by the time this function returns, we'll be done.
  readStream.pos = readStream.endOffset || this.buffer.length;

  var entireSlice = this.buffer.slice(readStream.start, readStream.pos);
  // Cut the buffer into smaller slices for better memory usage when streaming into a zlib inflate stream.
  // See https://github.com/thejoshwolfe/yauzl/issues/87
  var maxChunkSize = 0x10000;
  var offset = 0;
  while (true) {
    var nextOffset = offset + maxChunkSize;
    if (nextOffset >= entireSlice.length) {
      // last chunk
      if (offset < entireSlice.length) {
        readStream.write(entireSlice.slice(offset, entireSlice.length));
      }
      break;
    }
    readStream.write(entireSlice.slice(offset, nextOffset));
    offset = nextOffset;
  }

  readStream.end();
  return readStream;
};

BufferSlicer.prototype.ref = function() {
  this.refCount += 1;
};

BufferSlicer.prototype.unref = function() {
  this.refCount -= 1;

  if (this.refCount < 0) {
    throw new Error("invalid unref");
  }
};


/***/ }),

/***/ 20663:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var fs = __nccwpck_require__(79896);
var zlib = __nccwpck_require__(43106);
var fd_slicer = __nccwpck_require__(33502);
var util = __nccwpck_require__(39023);
var EventEmitter = (__nccwpck_require__(24434).EventEmitter);
var Transform = (__nccwpck_require__(2203).Transform);
var PassThrough = (__nccwpck_require__(2203).PassThrough);
var Writable = (__nccwpck_require__(2203).Writable);

// Node 20 added zlib.crc32.
const crc32 = typeof zlib.crc32 === "function" ? zlib.crc32 : __nccwpck_require__(44248);

exports.open = open;
exports.fromFd = fromFd;
exports.fromBuffer = fromBuffer;
exports.fromRandomAccessReader = fromRandomAccessReader;
exports.openPromise = openPromise;
exports.fromFdPromise = fromFdPromise;
exports.fromBufferPromise = fromBufferPromise;
exports.fromRandomAccessReaderPromise = fromRandomAccessReaderPromise;

exports.dosDateTimeToDate = dosDateTimeToDate;
exports.getFileNameLowLevel = getFileNameLowLevel;
exports.validateFileName = validateFileName;
exports.parseExtraFields = parseExtraFields;
exports.ZipFile = ZipFile;
exports.Entry = Entry;
exports.LocalFileHeader = LocalFileHeader;
exports.RandomAccessReader = RandomAccessReader;

function openPromise(path, options) {
  return new Promise((resolve, reject) => {
    open(path, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromFdPromise(fd, options) {
  return new Promise((resolve, reject) => {
    fromFd(fd, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromBufferPromise(buffer, options) {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}
function fromRandomAccessReaderPromise(reader, totalSize, options) {
  return new Promise((resolve, reject) => {
    fromRandomAccessReader(reader, totalSize, {...options, lazyEntries: true}, function(err, zipfile) {
      if (err) return reject(err);
      resolve(zipfile);
    });
  });
}

function open(path, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = true;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  fs.open(path, "r", function(err, fd) {
    if (err) return callback(err);
    fromFd(fd, options, function(err, zipfile) {
      if (err) fs.close(fd, defaultCallback);
      callback(err, zipfile);
    });
  });
}

function fromFd(fd, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = false;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  fs.fstat(fd, function(err, stats) {
    if (err) return callback(err);
    var reader = new fd_slicer.FdSlicer(fd);
    fromRandomAccessReader(reader, stats.size, options, callback);
  });
}

function fromBuffer(buffer, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  options.autoClose = false;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  var reader = new fd_slicer.BufferSlicer(buffer);
  fromRandomAccessReader(reader, buffer.length, options, callback);
}

function fromRandomAccessReader(reader, totalSize, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = null;
  }
  if (options == null) options = {};
  if (options.autoClose == null) options.autoClose = true;
  if (options.lazyEntries == null) options.lazyEntries = false;
  if (options.decodeStrings == null) options.decodeStrings = true;
  var decodeStrings = !!options.decodeStrings;
  if (options.validateEntrySizes == null) options.validateEntrySizes = true;
  if (options.strictFileNames == null) options.strictFileNames = false;
  if (callback == null) callback = defaultCallback;
  if (typeof totalSize !== "number") throw new Error("expected totalSize parameter to be a number");
  if (totalSize > Number.MAX_SAFE_INTEGER) {
    throw new Error("zip file too large. only file sizes up to 2^52 are supported due to JavaScript's Number type being an IEEE 754 double.");
  }

  // the matching unref() call is in zipfile.close()
  reader.ref();

  // eocdr means End of Central Directory Record.
  // search backwards for the eocdr signature.
  // the last field of the eocdr is a variable-length comment.
  // the comment size is encoded in a 2-byte field in the eocdr, which we can't find without trudging backwards through the comment to find it.
  // as a consequence of this design decision, it's possible to have ambiguous zip file metadata if a coherent eocdr was in the comment.
  // we search backwards for a eocdr signature, and hope that whoever made the zip file was smart enough to forbid the eocdr signature in the comment.
  var eocdrWithoutCommentSize = 22;
  var zip64EocdlSize = 20; // Zip64 end of central directory locator
  var maxCommentSize = 0xffff; // 2-byte size
  var bufferSize = Math.min(zip64EocdlSize + eocdrWithoutCommentSize + maxCommentSize, totalSize);
  var buffer = newBuffer(bufferSize);
  var bufferReadStart = totalSize - buffer.length;
  readAndAssertNoEof(reader, buffer, 0, bufferSize, bufferReadStart, function(err) {
    if (err) return callback(err);
    for (var i = bufferSize - eocdrWithoutCommentSize; i >= 0; i -= 1) {
      if (buffer.readUInt32LE(i) !== 0x06054b50) continue;
      // found eocdr
      var eocdrBuffer = buffer.subarray(i);

      // 0 - End of central directory signature = 0x06054b50
      // 4 - Number of this disk
      var diskNumber = eocdrBuffer.readUInt16LE(4);
      // 6 - Disk where central directory starts
      // 8 - Number of central directory records on this disk
      // 10 - Total number of central directory records
      var entryCount = eocdrBuffer.readUInt16LE(10);
      // 12 - Size of central directory (bytes)
      // 16 - Offset of start of central directory, relative to start of archive
      var centralDirectoryOffset = eocdrBuffer.readUInt32LE(16);
      // 20 - Comment length
      var commentLength = eocdrBuffer.readUInt16LE(20);
      var expectedCommentLength = eocdrBuffer.length - eocdrWithoutCommentSize;
      if (commentLength !== expectedCommentLength) {
        return callback(new Error("Invalid comment length. Expected: " + expectedCommentLength + ". Found: " + commentLength + ". Are there extra bytes at the end of the file? Or is the end of central dir signature `PK☺☻` in the comment?"));
      }
      // 22 - Comment
      // the encoding is always cp437.
      var comment = decodeStrings ? decodeBuffer(eocdrBuffer.subarray(22), false)
                                  : eocdrBuffer.subarray(22);

      // Look for a Zip64 end of central directory locator
      if (i - zip64EocdlSize >= 0 && buffer.readUInt32LE(i - zip64EocdlSize) === 0x07064b50) {
        // ZIP64 format
        var zip64EocdlBuffer = buffer.subarray(i - zip64EocdlSize, i - zip64EocdlSize + zip64EocdlSize);
        // 0 - zip64 end of central dir locator signature = 0x07064b50
        // 4 - number of the disk with the start of the zip64 end of central directory
        // 8 - relative offset of the zip64 end of central directory record
        var zip64EocdrOffset = readUInt64LE(zip64EocdlBuffer, 8);
        // 16 - total number of disks

        // ZIP64 end of central directory record
        var zip64EocdrBuffer = newBuffer(56);
        return readAndAssertNoEof(reader, zip64EocdrBuffer, 0, zip64EocdrBuffer.length, zip64EocdrOffset, function(err) {
          if (err) return callback(err);

          // 0 - zip64 end of central dir signature                           4 bytes  (0x06064b50)
          if (zip64EocdrBuffer.readUInt32LE(0) !== 0x06064b50) {
            return callback(new Error("invalid zip64 end of central directory record signature"));
          }
          // 4 - size of zip64 end of central directory record                8 bytes
          // 12 - version made by                                             2 bytes
          // 14 - version needed to extract                                   2 bytes
          // 16 - number of this disk                                         4 bytes
          diskNumber = zip64EocdrBuffer.readUInt32LE(16);
          if (diskNumber !== 0) {
            // Check this only after zip64 overrides. See #118.
            return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
          }
          // 20 - number of the disk with the start of the central directory  4 bytes
          // 24 - total number of entries in the central directory on this disk         8 bytes
          // 32 - total number of entries in the central directory            8 bytes
          entryCount = readUInt64LE(zip64EocdrBuffer, 32);
          // 40 - size of the central directory                               8 bytes
          // 48 - offset of start of central directory with respect to the starting disk number     8 bytes
          centralDirectoryOffset = readUInt64LE(zip64EocdrBuffer, 48);
          // 56 - zip64 extensible data sector                                (variable size)
          return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options.autoClose, options.lazyEntries, decodeStrings, options.validateEntrySizes, options.strictFileNames));
        });
      }

      // Not ZIP64 format
      if (diskNumber !== 0) {
        return callback(new Error("multi-disk zip files are not supported: found disk number: " + diskNumber));
      }
      return callback(null, new ZipFile(reader, centralDirectoryOffset, totalSize, entryCount, comment, options.autoClose, options.lazyEntries, decodeStrings, options.validateEntrySizes, options.strictFileNames));

    }

    // Not a zip file.
    callback(new Error("End of central directory record signature not found. Either not a zip file, or file is truncated."));
  });
}

util.inherits(ZipFile, EventEmitter);
function ZipFile(reader, centralDirectoryOffset, fileSize, entryCount, comment, autoClose, lazyEntries, decodeStrings, validateEntrySizes, strictFileNames) {
  var self = this;
  EventEmitter.call(self);
  self.reader = reader;
  // forward close events
  self.reader.on("error", function(err) {
    // error closing the fd
    emitError(self, err);
  });
  self.reader.once("close", function() {
    self.emit("close");
  });
  self.readEntryCursor = centralDirectoryOffset;
  self.fileSize = fileSize;
  self.entryCount = entryCount;
  self.comment = comment;
  self.entriesRead = 0;
  self.autoClose = !!autoClose;
  self.lazyEntries = !!lazyEntries;
  self.decodeStrings = !!decodeStrings;
  self.validateEntrySizes = !!validateEntrySizes;
  self.strictFileNames = !!strictFileNames;
  self.isOpen = true;
  self.emittedError = false;
  self.hasEachEntryBeenCalled = false;

  if (!self.lazyEntries) self._readEntry();
}
ZipFile.prototype.close = function() {
  if (!this.isOpen) return;
  this.isOpen = false;
  this.reader.unref();
};

function emitErrorAndAutoClose(self, err) {
  if (self.autoClose) self.close();
  emitError(self, err);
}
function emitError(self, err) {
  if (self.emittedError) return;
  self.emittedError = true;
  self.emit("error", err);
}

ZipFile.prototype.readEntry = function() {
  if (!this.lazyEntries) throw new Error("readEntry() called without lazyEntries:true");
  this._readEntry();
};
ZipFile.prototype._readEntry = function() {
  var self = this;
  if (self.entryCount === self.entriesRead) {
    // done with metadata
    setImmediate(function() {
      if (self.autoClose) self.close();
      if (self.emittedError) return;
      self.emit("end");
    });
    return;
  }
  if (self.emittedError) return;
  var buffer = newBuffer(46);
  readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
    if (err) return emitErrorAndAutoClose(self, err);
    if (self.emittedError) return;
    var entry = new Entry();
    // 0 - Central directory file header signature
    var signature = buffer.readUInt32LE(0);
    if (signature !== 0x02014b50) return emitErrorAndAutoClose(self, new Error("invalid central directory file header signature: 0x" + signature.toString(16)));
    // 4 - Version made by
    entry.versionMadeBy = buffer.readUInt16LE(4);
    // 6 - Version needed to extract (minimum)
    entry.versionNeededToExtract = buffer.readUInt16LE(6);
    // 8 - General purpose bit flag
    entry.generalPurposeBitFlag = buffer.readUInt16LE(8);
    // 10 - Compression method
    entry.compressionMethod = buffer.readUInt16LE(10);
    // 12 - File last modification time
    entry.lastModFileTime = buffer.readUInt16LE(12);
    // 14 - File last modification date
    entry.lastModFileDate = buffer.readUInt16LE(14);
    // 16 - CRC-32
    entry.crc32 = buffer.readUInt32LE(16);
    // 20 - Compressed size
    entry.compressedSize = buffer.readUInt32LE(20);
    // 24 - Uncompressed size
    entry.uncompressedSize = buffer.readUInt32LE(24);
    // 28 - File name length (n)
    entry.fileNameLength = buffer.readUInt16LE(28);
    // 30 - Extra field length (m)
    entry.extraFieldLength = buffer.readUInt16LE(30);
    // 32 - File comment length (k)
    entry.fileCommentLength = buffer.readUInt16LE(32);
    // 34 - Disk number where file starts
    // 36 - Internal file attributes
    entry.internalFileAttributes = buffer.readUInt16LE(36);
    // 38 - External file attributes
    entry.externalFileAttributes = buffer.readUInt32LE(38);
    // 42 - Relative offset of local file header
    entry.relativeOffsetOfLocalHeader = buffer.readUInt32LE(42);

    if (entry.generalPurposeBitFlag & 0x40) return emitErrorAndAutoClose(self, new Error("strong encryption is not supported"));

    self.readEntryCursor += 46;

    buffer = newBuffer(entry.fileNameLength + entry.extraFieldLength + entry.fileCommentLength);
    readAndAssertNoEof(self.reader, buffer, 0, buffer.length, self.readEntryCursor, function(err) {
      if (err) return emitErrorAndAutoClose(self, err);
      if (self.emittedError) return;
      // 46 - File name
      entry.fileNameRaw = buffer.subarray(0, entry.fileNameLength);
      // 46+n - Extra field
      var fileCommentStart = entry.fileNameLength + entry.extraFieldLength;
      entry.extraFieldRaw = buffer.subarray(entry.fileNameLength, fileCommentStart);
      // 46+n+m - File comment
      entry.fileCommentRaw = buffer.subarray(fileCommentStart, fileCommentStart + entry.fileCommentLength);

      // Parse the extra fields, which we need for processing other fields.
      try {
        entry.extraFields = parseExtraFields(entry.extraFieldRaw);
      } catch (err) {
        return emitErrorAndAutoClose(self, err);
      }

      // Interpret strings according to bit flags, extra fields, and options.
      if (self.decodeStrings) {
        var isUtf8 = (entry.generalPurposeBitFlag & 0x800) !== 0;
        entry.fileComment = decodeBuffer(entry.fileCommentRaw, isUtf8);
        entry.fileName = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, self.strictFileNames);
        var errorMessage = validateFileName(entry.fileName);
        if (errorMessage != null) return emitErrorAndAutoClose(self, new Error(errorMessage));
      } else {
        entry.fileComment = entry.fileCommentRaw;
        entry.fileName = entry.fileNameRaw;
      }
      // Maintain API compatibility. See https://github.com/thejoshwolfe/yauzl/issues/47
      entry.comment = entry.fileComment;

      self.readEntryCursor += buffer.length;
      self.entriesRead += 1;

      // Check for the Zip64 Extended Information Extra Field.
      for (var i = 0; i < entry.extraFields.length; i++) {
        var extraField = entry.extraFields[i];
        if (extraField.id !== 0x0001) continue;
        // Found it.

        var zip64EiefBuffer = extraField.data;
        var index = 0;
        // 0 - Original Size          8 bytes
        if (entry.uncompressedSize === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include uncompressed size"));
          }
          entry.uncompressedSize = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 8 - Compressed Size        8 bytes
        if (entry.compressedSize === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include compressed size"));
          }
          entry.compressedSize = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 16 - Relative Header Offset 8 bytes
        if (entry.relativeOffsetOfLocalHeader === 0xffffffff) {
          if (index + 8 > zip64EiefBuffer.length) {
            return emitErrorAndAutoClose(self, new Error("zip64 extended information extra field does not include relative header offset"));
          }
          entry.relativeOffsetOfLocalHeader = readUInt64LE(zip64EiefBuffer, index);
          index += 8;
        }
        // 24 - Disk Start Number      4 bytes

        break;
      }

      // validate file size
      if (self.validateEntrySizes && entry.compressionMethod === 0) {
        var expectedCompressedSize = entry.uncompressedSize;
        if (entry.isEncrypted()) {
          // traditional encryption prefixes the file data with a header
          expectedCompressedSize += 12;
        }
        if (entry.compressedSize !== expectedCompressedSize) {
          var msg = "compressed/uncompressed size mismatch for stored file: " + entry.compressedSize + " != " + entry.uncompressedSize;
          return emitErrorAndAutoClose(self, new Error(msg));
        }
      }

      self.emit("entry", entry);

      if (!self.lazyEntries) self._readEntry();
    });
  });
};

ZipFile.prototype.eachEntry = function() {
  const self = this;
  if (!self.lazyEntries) throw new Error("eachEntry() requires lazyEntries: true");
  if (self.hasEachEntryBeenCalled) throw new Error("eachEntry() must only be called once per ZipFile");
  self.hasEachEntryBeenCalled = true;

  let pendingResolveReject = null;
  self.on("entry", onEntry);
  self.on("end", onEnd);
  self.on("error", onError);
  function cleanup() {
    self.removeListener("entry", onEntry);
    self.removeListener("end", onEnd);
    self.removeListener("error", onError);
    if (self.autoClose) self.close();
  }

  function onEntry(entry) {
    let {resolve} = pendingResolveReject;
    pendingResolveReject = null;
    resolve({value: entry});
  }
  function onEnd() {
    let {resolve} = pendingResolveReject;
    pendingResolveReject = null;
    cleanup();
    resolve({done: true});
  }
  function onError(err) {
    let {reject} = pendingResolveReject;
    pendingResolveReject = null;
    cleanup();
    reject(err);
  }

  return {
    [Symbol.asyncIterator]() {
      // Called once by `for await...of`.
      return this;
    },
    next() {
      // Called on each iteration in a `for await...of`.
      const promise = new Promise((resolve, reject) => {
        if (pendingResolveReject != null) throw new Error("next() called before previous Promise was resolved.");
        pendingResolveReject = {resolve, reject};
      });
      self.readEntry();
      return promise;
    },
    return(value) {
      // Called when breaking, returning, throwing out of a `for await...of`.
      cleanup();
      return Promise.resolve({done: true, value});
    },
    throw(value) {
      // Almost never called. Something about `yield*` maybe?
      cleanup();
      return Promise.reject(value);
    },
  };
};

ZipFile.prototype.openReadStream = function(entry, options, callback) {
  var self = this;
  // parameter validation
  var relativeStart = 0;
  var relativeEnd = entry.compressedSize;
  if (callback == null) {
    callback = options;
    options = null;
  }
  if (options == null) {
    options = {};
  } else {
    if (options.decodeFileData === false) {
      // new, simple option
      if (options.decrypt != null) {
        throw new Error("cannot use options.decrypt when options.decodeFileData === false");
      }
      if (options.decompress != null) {
        throw new Error("cannot use options.decompress when options.decodeFileData === false");
      }
      // start and end are allowed
    } else {
      // old, complicated options
      if (options.decrypt != null) {
        if (!entry.isEncrypted()) {
          throw new Error("options.decrypt can only be specified for encrypted entries. See also option decodeFileData.");
        }
        if (options.decrypt !== false) throw new Error("invalid options.decrypt value: " + options.decrypt);
        if (entry.isCompressed()) {
          if (options.decompress !== false) throw new Error("entry is encrypted and compressed, and options.decompress !== false. See also option decodeFileData.");
        }
      }
      if (options.decompress != null) {
        if (!entry.isCompressed()) {
          throw new Error("options.decompress can only be specified for compressed entries. See also option decodeFileData.");
        }
        if (!(options.decompress === false || options.decompress === true)) {
          throw new Error("invalid options.decompress value: " + options.decompress);
        }
        decompress = options.decompress;
      }
    }
    if (options.start != null) {
      relativeStart = options.start;
      if (relativeStart < 0) throw new Error("options.start < 0");
      if (relativeStart > entry.compressedSize) throw new Error("options.start > entry.compressedSize");
    }
    if (options.end != null) {
      relativeEnd = options.end;
      if (relativeEnd < 0) throw new Error("options.end < 0");
      if (relativeEnd > entry.compressedSize) throw new Error("options.end > entry.compressedSize");
      if (relativeEnd < relativeStart) throw new Error("options.end < options.start");
    }
  }
  var rawMode = (
    options.decodeFileData === false || // Explicitly requested raw.
    (
      (entry.compressionMethod === 0 || // Naturally without compression.
        (entry.compressionMethod === 8 && options.decompress === false) // Deprecated compression bypass option.
      ) &&
      (!entry.isEncrypted() || // Naturally without encryption.
        options.decrypt === false // Deprecated encryption bypass option.
      )
    )
  );
  if (options.start != null || options.end != null) {
    // Ensure slicing deals with raw data.
    if (!rawMode) throw new Error("start/end range require options.decodeFileData === false for non-trivial encoded entries.");
  }

  // any further errors can either be caused by the zipfile,
  // or were introduced in a minor version of yauzl,
  // so should be passed to the client rather than thrown.
  if (!self.isOpen) return callback(new Error("closed"));
  if (entry.isEncrypted() && !rawMode) {
    if (options.decrypt !== false) return callback(new Error("entry is encrypted, and options.decodeFileData !== false"));
  }
  var decompress;
  if (rawMode) {
    decompress = false;
  } else if (entry.compressionMethod === 8) {
    // 8 - The file is Deflated
    decompress = options.decodeFileData !== true;
  } else {
    return callback(new Error("unsupported compression method: " + entry.compressionMethod));
  }

  self.readLocalFileHeader(entry, {minimal: true}, function(err, localFileHeader) {
    if (err) return callback(err);
    self.openReadStreamLowLevel(
      localFileHeader.fileDataStart, entry.compressedSize,
      relativeStart, relativeEnd,
      decompress, entry.uncompressedSize,
      callback);
  });
};

ZipFile.prototype.openReadStreamLowLevel = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, callback) {
  var self = this;

  var fileDataEnd = fileDataStart + compressedSize;
  var readStream = self.reader.createReadStream({
    start: fileDataStart + relativeStart,
    end: fileDataStart + relativeEnd,
  });
  var endpointStream = readStream;
  if (decompress) {
    var destroyed = false;
    var inflateFilter = zlib.createInflateRaw();
    readStream.on("error", function(err) {
      // setImmediate here because errors can be emitted during the first call to pipe()
      setImmediate(function() {
        if (!destroyed) inflateFilter.emit("error", err);
      });
    });
    readStream.pipe(inflateFilter);

    if (self.validateEntrySizes) {
      endpointStream = new AssertByteCountStream(uncompressedSize);
      inflateFilter.on("error", function(err) {
        // forward zlib errors to the client-visible stream
        setImmediate(function() {
          if (!destroyed) endpointStream.emit("error", err);
        });
      });
      inflateFilter.pipe(endpointStream);
    } else {
      // the zlib filter is the client-visible stream
      endpointStream = inflateFilter;
    }
    // this is part of yauzl's API, so implement this function on the client-visible stream
    installDestroyFn(endpointStream, function() {
      destroyed = true;
      if (inflateFilter !== endpointStream) inflateFilter.unpipe(endpointStream);
      readStream.unpipe(inflateFilter);
      // TODO: the inflateFilter may cause a memory leak. see Issue #27.
      readStream.destroy();
    });
  }
  callback(null, endpointStream);
};

ZipFile.prototype.readLocalFileHeader = function(entry, options, callback) {
  var self = this;
  if (callback == null) {
    callback = options;
    options = null;
  }
  if (options == null) options = {};

  self.reader.ref();
  var buffer = newBuffer(30);
  readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader, function(err) {
    try {
      if (err) return callback(err);
      // 0 - Local file header signature = 0x04034b50
      var signature = buffer.readUInt32LE(0);
      if (signature !== 0x04034b50) {
        return callback(new Error("invalid local file header signature: 0x" + signature.toString(16)));
      }

      var fileNameLength = buffer.readUInt16LE(26);
      var extraFieldLength = buffer.readUInt16LE(28);
      var fileDataStart = entry.relativeOffsetOfLocalHeader + 30 + fileNameLength + extraFieldLength;
      // We now have enough information to do this bounds check.
      if (fileDataStart + entry.compressedSize > self.fileSize) {
        return callback(new Error("file data overflows file bounds: " +
            fileDataStart + " + " + entry.compressedSize + " > " + self.fileSize));
      }

      if (options.minimal) {
        return callback(null, {fileDataStart: fileDataStart});
      }

      var localFileHeader = new LocalFileHeader();
      localFileHeader.fileDataStart = fileDataStart;

      // 4 - Version needed to extract (minimum)
      localFileHeader.versionNeededToExtract = buffer.readUInt16LE(4);
      // 6 - General purpose bit flag
      localFileHeader.generalPurposeBitFlag = buffer.readUInt16LE(6);
      // 8 - Compression method
      localFileHeader.compressionMethod = buffer.readUInt16LE(8);
      // 10 - File last modification time
      localFileHeader.lastModFileTime = buffer.readUInt16LE(10);
      // 12 - File last modification date
      localFileHeader.lastModFileDate = buffer.readUInt16LE(12);
      // 14 - CRC-32
      localFileHeader.crc32 = buffer.readUInt32LE(14);
      // 18 - Compressed size
      localFileHeader.compressedSize = buffer.readUInt32LE(18);
      // 22 - Uncompressed size
      localFileHeader.uncompressedSize = buffer.readUInt32LE(22);
      // 26 - File name length (n)
      localFileHeader.fileNameLength = fileNameLength;
      // 28 - Extra field length (m)
      localFileHeader.extraFieldLength = extraFieldLength;
      // 30 - File name
      // 30+n - Extra field

      buffer = newBuffer(fileNameLength + extraFieldLength);
      self.reader.ref();
      readAndAssertNoEof(self.reader, buffer, 0, buffer.length, entry.relativeOffsetOfLocalHeader + 30, function(err) {
        try {
          if (err) return callback(err);
          localFileHeader.fileName = buffer.subarray(0, fileNameLength);
          localFileHeader.extraField = buffer.subarray(fileNameLength);
          return callback(null, localFileHeader);
        } finally {
          self.reader.unref();
        }
      });
    } finally {
      self.reader.unref();
    }
  });
};

ZipFile.prototype.openReadStreamPromise = function(entry, options) {
  return new Promise((resolve, reject) => {
    this.openReadStream(entry, options, function(err, readStream) {
      if (err) return reject(err);
      resolve(readStream);
    });
  });
};
ZipFile.prototype.openReadStreamLowLevelPromise = function(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize) {
  return new Promise((resolve, reject) => {
    this.openReadStream(fileDataStart, compressedSize, relativeStart, relativeEnd, decompress, uncompressedSize, function(err, readStream) {
      if (err) return reject(err);
      resolve(readStream);
    });
  });
};
ZipFile.prototype.readLocalFileHeaderPromise = function(entry, options) {
  return new Promise((resolve, reject) => {
    this.readLocalFileHeader(entry, options, function(err, localFileHeader) {
      if (err) return reject(err);
      resolve(localFileHeader);
    });
  });
};

function Entry() {
}
Entry.prototype.getLastModDate = function(options) {
  if (options == null) options = {};

  if (!options.forceDosFormat) {
    // Check extended fields.
    for (var i = 0; i < this.extraFields.length; i++) {
      var extraField = this.extraFields[i];
      if (extraField.id === 0x5455) {
        // Info-ZIP "universal timestamp" extended field (`0x5455` aka `"UT"`).
        // See the Info-ZIP source code unix/unix.c:set_extra_field() and zipfile.c:ef_scan_ut_time().
        var data = extraField.data;
        if (data.length < 5) continue; // Too short.
        // The flags define which of the three fields are present: mtime, atime, ctime.
        // We only care about mtime.
        // Also, ctime is never included in practice.
        // And also, atime is only included in the local file header for some reason
        // despite the flags lying about its inclusion in the central header.
        var flags = data[0];
        var HAS_MTIME = 1;
        if (!(flags & HAS_MTIME)) continue; // This will realistically never happen.
        // Although the positions of all of the fields shift around depending on the presence of other fields,
        // mtime is always first if present, and that's the only one we care about.
        var posixTimestamp = data.readInt32LE(1);
        return new Date(posixTimestamp * 1000);
      } else if (extraField.id === 0x000a) {
        var data = extraField.data;
        if (data.length !== 32) continue; // The length is always the same.
        // 4 bytes reserved
        // 2 bytes Tag
        if (data.readUInt16LE(4) !== 1) continue; // Tag1 is actually the only defined Tag.
        // 2 bytes Size
        if (data.readUInt16LE(6) !== 24) continue; // Size is always 24.
        // 8 bytes Mtime
        var hundredNanoSecondsSince1601 = data.readUInt32LE(8) + 4294967296 * data.readInt32LE(12);
        // Convert from NTFS to POSIX milliseconds.
        // The big number below is the milliseconds between year 1601 and year 1970
        // (i.e. the negative POSIX timestamp of 1601-01-01 00:00:00Z)
        var millisecondsSince1970 = hundredNanoSecondsSince1601 / 10000 - 11644473600000;
        // Note on numeric precision: JavaScript Number objects lose precision above Number.MAX_SAFE_INTEGER,
        // and NTFS timestamps are typically much bigger than that limit.
        // (MAX_SAFE_INTEGER would represent 1629-07-17T23:58:45.475Z.)
        // However, we're losing precision in the conversion from 100nanosecond units to millisecond units anyway,
        // and the time at which we also lose 1-millisecond precision is year 275760, the JavaScript Date limit (by design).
        // Up through the year 2057, this conversion only drops 4 bits of precision,
        // which is well under the 13-14 bits ratio between the milliseconds and 100nanoseconds.
        return new Date(millisecondsSince1970);
      }
    }
  }

  // Fallback to non-extended encoding.
  return dosDateTimeToDate(this.lastModFileDate, this.lastModFileTime, options.timezone);
};

Entry.prototype.canDecodeFileData = function() {
  return (
    !this.isEncrypted() &&
    (this.compressionMethod === 0 || this.compressionMethod === 8)
  );
};
Entry.prototype.isEncrypted = function() {
  return (this.generalPurposeBitFlag & 0x1) !== 0;
};
Entry.prototype.isCompressed = function() {
  return this.compressionMethod === 8;
};

function LocalFileHeader() {
}

function dosDateTimeToDate(date, time, timezone) {
  var day = date & 0x1f; // 1-31
  var month = (date >> 5 & 0xf) - 1; // 1-12, 0-11
  var year = (date >> 9 & 0x7f) + 1980; // 0-128, 1980-2108

  var millisecond = 0;
  var second = (time & 0x1f) * 2; // 0-29, 0-58 (even numbers)
  var minute = time >> 5 & 0x3f; // 0-59
  var hour = time >> 11 & 0x1f; // 0-23

  if (timezone == null || timezone === "local") {
    return new Date(year, month, day, hour, minute, second, millisecond);
  } else if (timezone === "UTC") {
    return new Date(Date.UTC(year, month, day, hour, minute, second, millisecond));
  } else {
    throw new Error("unrecognized options.timezone: " + options.timezone);
  }
}

function getFileNameLowLevel(generalPurposeBitFlag, fileNameBuffer, extraFields, strictFileNames) {
  var fileName = null;

  // check for Info-ZIP Unicode Path Extra Field (0x7075)
  // see https://github.com/thejoshwolfe/yauzl/issues/33
  for (var i = 0; i < extraFields.length; i++) {
    var extraField = extraFields[i];
    if (extraField.id === 0x7075) {
      if (extraField.data.length < 6) {
        // too short to be meaningful
        continue;
      }
      // Version       1 byte      version of this extra field, currently 1
      if (extraField.data.readUInt8(0) !== 1) {
        // > Changes may not be backward compatible so this extra
        // > field should not be used if the version is not recognized.
        continue;
      }
      // NameCRC32     4 bytes     File Name Field CRC32 Checksum
      var oldNameCrc32 = extraField.data.readUInt32LE(1);
      if (crc32(fileNameBuffer) !== oldNameCrc32) {
        // > If the CRC check fails, this UTF-8 Path Extra Field should be
        // > ignored and the File Name field in the header should be used instead.
        continue;
      }
      // UnicodeName   Variable    UTF-8 version of the entry File Name
      fileName = decodeBuffer(extraField.data.subarray(5), true);
      break;
    }
  }

  if (fileName == null) {
    // The typical case.
    var isUtf8 = (generalPurposeBitFlag & 0x800) !== 0;
    fileName = decodeBuffer(fileNameBuffer, isUtf8);
  }

  if (!strictFileNames) {
    // Allow backslash.
    fileName = fileName.replace(/\\/g, "/");
  }
  return fileName;
}

function validateFileName(fileName) {
  if (fileName.indexOf("\\") !== -1) {
    return "invalid characters in fileName: " + fileName;
  }
  if (/^[a-zA-Z]:/.test(fileName) || /^\//.test(fileName)) {
    return "absolute path: " + fileName;
  }
  if (fileName.split("/").indexOf("..") !== -1) {
    return "invalid relative path: " + fileName;
  }
  // all good
  return null;
}

function parseExtraFields(extraFieldBuffer) {
  var extraFields = [];
  var i = 0;
  while (i < extraFieldBuffer.length - 3) {
    var headerId = extraFieldBuffer.readUInt16LE(i + 0);
    var dataSize = extraFieldBuffer.readUInt16LE(i + 2);
    var dataStart = i + 4;
    var dataEnd = dataStart + dataSize;
    if (dataEnd > extraFieldBuffer.length) throw new Error("extra field length exceeds extra field buffer size");
    var dataBuffer = extraFieldBuffer.subarray(dataStart, dataEnd);
    extraFields.push({
      id: headerId,
      data: dataBuffer,
    });
    i = dataEnd;
  }
  return extraFields;
}

function readAndAssertNoEof(reader, buffer, offset, length, position, callback) {
  if (length === 0) {
    // fs.read will throw an out-of-bounds error if you try to read 0 bytes from a 0 byte file
    return setImmediate(function() { callback(null, newBuffer(0)); });
  }
  reader.read(buffer, offset, length, position, function(err, bytesRead) {
    if (err) return callback(err);
    if (bytesRead < length) {
      return callback(new Error("unexpected EOF"));
    }
    callback();
  });
}

util.inherits(AssertByteCountStream, Transform);
function AssertByteCountStream(byteCount) {
  Transform.call(this);
  this.actualByteCount = 0;
  this.expectedByteCount = byteCount;
}
AssertByteCountStream.prototype._transform = function(chunk, encoding, cb) {
  this.actualByteCount += chunk.length;
  if (this.actualByteCount > this.expectedByteCount) {
    var msg = "too many bytes in the stream. expected " + this.expectedByteCount + ". got at least " + this.actualByteCount;
    return cb(new Error(msg));
  }
  cb(null, chunk);
};
AssertByteCountStream.prototype._flush = function(cb) {
  if (this.actualByteCount < this.expectedByteCount) {
    var msg = "not enough bytes in the stream. expected " + this.expectedByteCount + ". got only " + this.actualByteCount;
    return cb(new Error(msg));
  }
  cb();
};

util.inherits(RandomAccessReader, EventEmitter);
function RandomAccessReader() {
  EventEmitter.call(this);
  this.refCount = 0;
}
RandomAccessReader.prototype.ref = function() {
  this.refCount += 1;
};
RandomAccessReader.prototype.unref = function() {
  var self = this;
  self.refCount -= 1;

  if (self.refCount > 0) return;
  if (self.refCount < 0) throw new Error("invalid unref");

  self.close(onCloseDone);

  function onCloseDone(err) {
    if (err) return self.emit('error', err);
    self.emit('close');
  }
};
RandomAccessReader.prototype.createReadStream = function(options) {
  if (options == null) options = {};
  var start = options.start;
  var end = options.end;
  if (start === end) {
    var emptyStream = new PassThrough();
    setImmediate(function() {
      emptyStream.end();
    });
    return emptyStream;
  }
  var stream = this._readStreamForRange(start, end);

  var destroyed = false;
  var refUnrefFilter = new RefUnrefFilter(this);
  stream.on("error", function(err) {
    setImmediate(function() {
      if (!destroyed) refUnrefFilter.emit("error", err);
    });
  });
  installDestroyFn(refUnrefFilter, function() {
    stream.unpipe(refUnrefFilter);
    refUnrefFilter.unref();
    stream.destroy();
  });

  var byteCounter = new AssertByteCountStream(end - start);
  refUnrefFilter.on("error", function(err) {
    setImmediate(function() {
      if (!destroyed) byteCounter.emit("error", err);
    });
  });
  installDestroyFn(byteCounter, function() {
    destroyed = true;
    refUnrefFilter.unpipe(byteCounter);
    refUnrefFilter.destroy();
  });

  return stream.pipe(refUnrefFilter).pipe(byteCounter);
};
RandomAccessReader.prototype._readStreamForRange = function(start, end) {
  throw new Error("not implemented");
};
RandomAccessReader.prototype.read = function(buffer, offset, length, position, callback) {
  var readStream = this.createReadStream({start: position, end: position + length});
  var writeStream = new Writable();
  var written = 0;
  writeStream._write = function(chunk, encoding, cb) {
    chunk.copy(buffer, offset + written, 0, chunk.length);
    written += chunk.length;
    cb();
  };
  writeStream.on("finish", callback);
  readStream.on("error", function(error) {
    callback(error);
  });
  readStream.pipe(writeStream);
};
RandomAccessReader.prototype.close = function(callback) {
  setImmediate(callback);
};

util.inherits(RefUnrefFilter, PassThrough);
function RefUnrefFilter(context) {
  PassThrough.call(this);
  this.context = context;
  this.context.ref();
  this.unreffedYet = false;
}
RefUnrefFilter.prototype._flush = function(cb) {
  this.unref();
  cb();
};
RefUnrefFilter.prototype.unref = function(cb) {
  if (this.unreffedYet) return;
  this.unreffedYet = true;
  this.context.unref();
};

var cp437 = '\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼ !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ';
function decodeBuffer(buffer, isUtf8) {
  if (isUtf8) {
    return buffer.toString("utf8");
  } else {
    var result = "";
    for (var i = 0; i < buffer.length; i++) {
      result += cp437[buffer[i]];
    }
    return result;
  }
}

function readUInt64LE(buffer, offset) {
  // There is no native function for this, because we can't actually store 64-bit integers precisely.
  // after 53 bits, JavaScript's Number type (IEEE 754 double) can't store individual integers anymore.
  // but since 53 bits is a whole lot more than 32 bits, we do our best anyway.
  // As of 2020, Node has added support for BigInt, which obviates this whole function,
  // but yauzl hasn't been updated to depend on BigInt (yet?).
  var lower32 = buffer.readUInt32LE(offset);
  var upper32 = buffer.readUInt32LE(offset + 4);
  // we can't use bitshifting here, because JavaScript bitshifting only works on 32-bit integers.
  return upper32 * 0x100000000 + lower32;
  // as long as we're bounds checking the result of this function against the total file size,
  // we'll catch any overflow errors, because we already made sure the total file size was within reason.
}

// Node 10 deprecated new Buffer().
var newBuffer;
if (typeof Buffer.allocUnsafe === "function") {
  newBuffer = function(len) {
    return Buffer.allocUnsafe(len);
  };
} else {
  newBuffer = function(len) {
    return new Buffer(len);
  };
}

// Node 8 introduced a proper destroy() implementation on writable streams.
function installDestroyFn(stream, fn) {
  if (typeof stream.destroy === "function") {
    // New API.
    stream._destroy = function(err, cb) {
      fn();
      if (cb != null) cb(err);
    };
  } else {
    // Old API.
    stream.destroy = fn;
  }
}

function defaultCallback(err) {
  if (err) throw err;
}


/***/ }),

/***/ 37318:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(74752);

process.exitCode = await (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cli */ .xw)(process.argv.slice(2));
// Everything is printed. A request we stopped waiting for (a server that never answers) must not hold the process open.
setTimeout(() => process.exit(), 1000).unref();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 43782:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Tp: () => (/* binding */ memberDifferences),
/* harmony export */   bL: () => (/* binding */ readArchive),
/* harmony export */   bY: () => (/* binding */ listDifferences)
/* harmony export */ });
/* unused harmony export archiveKind */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(57075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(16141);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__nccwpck_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var yauzl__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(20663);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(56118);
// Reading distribution archives (wheel = zip, sdist = tar.gz) in one streaming pass:
// every member with the sha256 of its content, plus the full content of the few
// members the caller asks to keep (METADATA, PKG-INFO). Nothing is extracted to disk.








/** Keep a member's content in memory; bounded so a hostile archive cannot exhaust memory. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024;
function archiveKind(filename) {
    if (/\.(whl|zip)$/i.test(filename))
        return 'zip';
    if (/\.tar\.gz$/i.test(filename))
        return 'tar.gz';
    return undefined;
}
/** Hashes (and optionally keeps) one member's stream. */
async function digest(stream, keep, name) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        hash.update(chunk);
        size += chunk.length;
        if (keep) {
            if (size > MAX_KEPT_BYTES)
                throw new Error(`archive member ${name} is larger than ${MAX_KEPT_BYTES} bytes`);
            chunks.push(chunk);
        }
    }
    return { sha256: hash.digest('hex'), size, content: keep ? Buffer.concat(chunks) : undefined };
}
/**
 * Member lists already read, by path: a built file is read by its inspection, by the check of the sdist
 * against the tree and by the docs check taken again, and each read inflates and hashes every member
 * (bench:pipeline). A list is used again only while the file is the same one (inode, size, mtime and
 * ctime unchanged); the few most recent are kept.
 */
const listed = new Map();
const LISTED_MAX = 16;
async function identityOf(path) {
    const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path, { bigint: true }).catch(() => undefined);
    return info && `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}
/**
 * Every member of a wheel or sdist with its sha256, and the content of the members `keep` selects. Without
 * `keep`, a list read before from the same unchanged file is given again (a copy) rather than read again.
 */
async function readArchive(path, keep) {
    const kind = archiveKind(path);
    if (kind === undefined)
        throw new Error(`${path} is neither a wheel/zip nor a .tar.gz archive`);
    const identity = await identityOf(path);
    const known = listed.get(path);
    if (keep === undefined && identity !== undefined && known?.identity === identity)
        return { members: [...known.members], kept: new Map() };
    const contents = await (kind === 'zip' ? readZip : readTarGz)(path, keep ?? (() => false));
    // the file may have changed while it was read: kept only when it is still the one read
    if (identity !== undefined && identity === (await identityOf(path))) {
        listed.delete(path);
        listed.set(path, { identity, members: [...contents.members] });
        if (listed.size > LISTED_MAX)
            listed.delete(listed.keys().next().value);
    }
    return contents;
}
/**
 * A zip up to this size is read into memory once and its members inflated there: through yauzl's file
 * reader every member costs several reads and an inflate stream, each a round trip to libuv's thread
 * pool, and a 500-module wheel of 1 MiB took 330-640 ms to list (bench:pipeline's many-files) against
 * a few ms in memory. Larger files stream, so memory stays flat with file size (issue 28).
 */
const IN_MEMORY_ZIP_MAX = 32 * 1024 * 1024;
/** A member inflated in one call up to this size; a larger one streams from the buffer (a zip bomb is not inflated whole). */
const IN_MEMORY_MEMBER_MAX = 4 * 1024 * 1024;
async function readZip(path, keep) {
    const size = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path)).size;
    if (size > IN_MEMORY_ZIP_MAX)
        return readZipFrom(path, keep, callback => yauzl__WEBPACK_IMPORTED_MODULE_6__.open(path, { lazyEntries: true, autoClose: true }, callback));
    const buffer = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(path);
    return readZipFrom(path, keep, callback => yauzl__WEBPACK_IMPORTED_MODULE_6__.fromBuffer(buffer, { lazyEntries: true }, callback), buffer);
}
/**
 * One member's content from the zip in memory, checked as yauzl's openReadStream checks it (index.js
 * of yauzl 3.4: readLocalFileHeader's signature and bounds, the compression method, and
 * validateEntrySizes' byte count), with the same messages.
 */
function memberFromBuffer(buffer, entry) {
    if (entry.isEncrypted())
        throw new Error('entry is encrypted, and options.decodeFileData !== false');
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
        throw new Error(`unsupported compression method: ${entry.compressionMethod}`);
    const at = entry.relativeOffsetOfLocalHeader;
    const signature = at + 30 <= buffer.length ? buffer.readUInt32LE(at) : -1;
    if (signature !== 0x04034b50)
        throw new Error(`invalid local file header signature: 0x${(signature >>> 0).toString(16)}`);
    const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
    if (start + entry.compressedSize > buffer.length) {
        throw new Error(`file data overflows file bounds: ${start} + ${entry.compressedSize} > ${buffer.length}`);
    }
    const raw = buffer.subarray(start, start + entry.compressedSize);
    const expected = entry.uncompressedSize;
    const counted = (data) => {
        if (data.length !== expected)
            throw new Error(`${data.length < expected ? 'not enough' : 'too many'} bytes in the stream. expected ${expected}. got ${data.length}`);
        return data;
    };
    if (entry.compressionMethod === 0)
        return counted(raw);
    if (expected <= IN_MEMORY_MEMBER_MAX) {
        try {
            // one byte more than declared is enough to tell "too many"
            return counted((0,node_zlib__WEBPACK_IMPORTED_MODULE_5__.inflateRawSync)(raw, { maxOutputLength: expected + 1 }));
        }
        catch (error) {
            if (error.code === 'ERR_BUFFER_TOO_LARGE')
                throw new Error(`too many bytes in the stream. expected ${expected}. got more`);
            throw error;
        }
    }
    const inflated = node_stream__WEBPACK_IMPORTED_MODULE_3__.Readable.from([raw]).pipe((0,node_zlib__WEBPACK_IMPORTED_MODULE_5__.createInflateRaw)());
    return (async function* () {
        let size = 0;
        for await (const chunk of inflated) {
            size += chunk.length;
            if (size > expected)
                throw new Error(`too many bytes in the stream. expected ${expected}. got at least ${size}`);
            yield chunk;
        }
        if (size !== expected)
            throw new Error(`not enough bytes in the stream. expected ${expected}. got ${size}`);
    })();
}
function readZipFrom(path, keep, open, buffer) {
    return new Promise((resolve, reject) => {
        open((openError, zip) => {
            if (openError || !zip)
                return reject(openError ?? new Error(`cannot open ${path}`));
            const members = [];
            const kept = new Map();
            const fail = (error) => {
                zip.close();
                reject(error);
            };
            zip.on('error', fail);
            zip.on('end', () => resolve({ members, kept }));
            zip.on('entry', (entry) => {
                const name = entry.fileName;
                // Unix mode in the high 16 bits of the external attributes (zip's "version made by" Unix)
                const isSymlink = ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;
                // in memory: the member's bytes at once (or a stream for a large one), then the next entry
                const openStream = (callback) => {
                    if (buffer === undefined)
                        return zip.openReadStream(entry, callback);
                    let member;
                    try {
                        member = memberFromBuffer(buffer, entry);
                    }
                    catch (error) {
                        return callback(error);
                    }
                    callback(null, Buffer.isBuffer(member) ? [member] : member);
                };
                if (isSymlink) {
                    openStream((streamError, stream) => {
                        if (streamError || !stream)
                            return fail(streamError ?? new Error(`cannot read ${name} in ${path}`));
                        digest(stream, true, name).then(({ content }) => {
                            members.push({ name, type: 'symlink', size: 0, sha256: '', linkname: content?.toString('utf8') ?? '' });
                            zip.readEntry();
                        }, fail);
                    });
                    return;
                }
                if (name.endsWith('/')) {
                    members.push({ name, type: 'directory', size: 0, sha256: '' });
                    zip.readEntry();
                    return;
                }
                openStream((streamError, stream) => {
                    if (streamError || !stream)
                        return fail(streamError ?? new Error(`cannot read ${name} in ${path}`));
                    const wanted = keep(name);
                    digest(stream, wanted, name).then(({ sha256, size, content }) => {
                        members.push({ name, type: 'file', size, sha256 });
                        if (content)
                            kept.set(name, content);
                        zip.readEntry();
                    }, fail);
                });
            });
            zip.readEntry();
        });
    });
}
async function readTarGz(path, keep) {
    const members = [];
    const kept = new Map();
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_7__.extract();
    // pipeline destroys every stream on the first error, so the entry loop below ends too.
    const piping = (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path), (0,node_zlib__WEBPACK_IMPORTED_MODULE_5__.createGunzip)(), extract);
    const entries = (async () => {
        for await (const entry of extract) {
            const { header } = entry;
            const name = header.name;
            if (header.type === 'file' || header.type === 'contiguous-file') {
                const wanted = keep(name);
                const { sha256, size, content } = await digest(entry, wanted, name);
                members.push({ name, type: 'file', size, sha256 });
                if (content)
                    kept.set(name, content);
            }
            else {
                entry.resume();
                const type = header.type === 'directory' ? 'directory' : header.type === 'symlink' ? 'symlink' : header.type === 'link' ? 'hardlink' : 'other';
                members.push({ name, type, size: 0, sha256: '', ...(header.linkname ? { linkname: header.linkname } : {}) });
            }
        }
    })();
    await Promise.all([piping, entries]);
    return { members, kept };
}
/** How the members of an existing archive differ from those of a new build ([] when equivalent: same members, same contents). */
function memberDifferences(existing, built) {
    const key = (m) => `${m.type}:${m.sha256}:${m.linkname ?? ''}`;
    const before = new Map(existing.map(m => [m.name, key(m)]));
    const after = new Map(built.map(m => [m.name, key(m)]));
    const differences = [];
    for (const [name, value] of after) {
        const old = before.get(name);
        if (old === undefined)
            differences.push(`${name} (only in the new build)`);
        else if (old !== value)
            differences.push(`${name} (content differs)`);
    }
    for (const name of before.keys())
        if (!after.has(name))
            differences.push(`${name} (only in the existing file)`);
    return differences;
}
/** Differences for a message: the first ten, and how many more. */
function listDifferences(differences, max = 10) {
    const listed = differences.slice(0, max).join(', ');
    return differences.length > max ? `${listed} and ${differences.length - max} more` : listed;
}


/***/ }),

/***/ 2937:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  rV: () => (/* binding */ BUILDERS),
  zS: () => (/* binding */ BuildError),
  Sd: () => (/* binding */ PackageBuilder),
  Qw: () => (/* binding */ describeArtifact)
});

// UNUSED EXPORTS: commandFor, compareBuilds, frontend

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __nccwpck_require__(3292);
// EXTERNAL MODULE: ./src/names.ts
var names = __nccwpck_require__(46455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var exec = __nccwpck_require__(22876);
// EXTERNAL MODULE: ./src/build/archive.ts
var archive = __nccwpck_require__(43782);
// EXTERNAL MODULE: ./src/build/digest.ts
var digest = __nccwpck_require__(24726);
// EXTERNAL MODULE: ./src/pep440.ts
var pep440 = __nccwpck_require__(80936);
;// CONCATENATED MODULE: ./src/build/inspect.ts
// Inspection of every built file before anything leaves the runner: its filename (wheel and
// sdist specifications), its core metadata (as PyPI accepts it), a wheel's RECORD and WHEEL,
// an sdist's layout, and its members (no path that escapes the archive). Errors stop the
// release; warnings are annotations.



/** Metadata versions PyPI accepts (2.0 was never a standard). */
const ACCEPTED_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'];
/** PEP 503 normalization, with `_` for the separator as wheel and sdist filenames write it. */
function filenameName(name) {
    return (0,names/* normalizeName */.P)(name).replace(/-/g, '_');
}
// {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
const WHEEL_NAME = /^(?<name>[^-]+)-(?<version>[^-]+)(?:-(?<build>\d[^-]*))?-(?<python>[^-]+)-(?<abi>[^-]+)-(?<platform>[^-]+)\.whl$/;
// {name}-{version}.tar.gz, the name normalized (PEP 625)
const SDIST_NAME = /^(?<name>.+)-(?<version>[^-]+)\.tar\.gz$/;
const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
/** A member path that would land outside the directory an installer extracts into. */
function unsafePath(name) {
    if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\'))
        return 'an absolute path';
    if (name.split(/[\\/]/).includes('..'))
        return "a '..' component";
    return undefined;
}
/** Whether a link at `name` pointing to `target` stays inside the archive. */
function linkStaysInside(name, target, hard) {
    if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target))
        return false;
    // a hard link's target is relative to the archive root, a symlink's to its own directory
    const resolved = external_node_path_.posix.normalize(hard ? target : external_node_path_.posix.join(external_node_path_.posix.dirname(name), target));
    return resolved !== '..' && !resolved.startsWith('../');
}
/** One RECORD line: CSV as Python's csv module writes it (quotes around fields with commas or quotes). */
function parseCsvLine(line) {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const char = line[i];
        if (quoted) {
            if (char === '"' && line[i + 1] === '"') {
                field += '"';
                i++;
            }
            else if (char === '"')
                quoted = false;
            else
                field += char;
        }
        else if (char === '"' && field === '')
            quoted = true;
        else if (char === ',') {
            fields.push(field);
            field = '';
        }
        else
            field += char;
    }
    fields.push(field);
    return fields;
}
const hexToBase64Url = (hex) => Buffer.from(hex, 'hex').toString('base64url');
function inspectArtifact(filename, format, contents, metadata, metadataMember) {
    const errors = [];
    const warnings = [];
    const record = [];
    const field = (name) => metadata.get(name.toLowerCase())?.[0];
    const members = contents.members;
    // ---- members: nothing may escape the archive
    const seen = new Set();
    for (const member of members) {
        const unsafe = unsafePath(member.name);
        if (unsafe !== undefined)
            errors.push(`${filename} has an entry with ${unsafe}: '${member.name}'`);
        if ((member.type === 'symlink' || member.type === 'hardlink') && !linkStaysInside(member.name, member.linkname ?? '', member.type === 'hardlink')) {
            errors.push(`${filename} has a ${member.type === 'symlink' ? 'symbolic' : 'hard'} link '${member.name}' to '${member.linkname}', outside the archive`);
        }
        if (member.type === 'other')
            errors.push(`${filename} has '${member.name}', which is neither a file, a directory nor a link`);
        if (seen.has(member.name) && member.type !== 'directory')
            warnings.push(`${filename} has the entry '${member.name}' more than once`);
        seen.add(member.name);
    }
    const files = members.filter(member => member.type === 'file');
    const compiled = files.filter(member => /(^|\/)__pycache__\//.test(member.name) || /\.py[co]$/.test(member.name));
    if (compiled.length > 0) {
        warnings.push(`${filename} contains ${compiled.length} compiled Python files (such as '${compiled[0].name}'); exclude __pycache__ and *.pyc from the build`);
    }
    // ---- metadata, as PyPI checks it
    const metadataVersion = field('Metadata-Version') ?? '';
    if (!ACCEPTED_METADATA_VERSIONS.includes(metadataVersion)) {
        errors.push(`${filename}: ${metadataMember} has Metadata-Version '${metadataVersion}'; PyPI accepts ${ACCEPTED_METADATA_VERSIONS.join(', ')}`);
    }
    const name = field('Name') ?? '';
    const version = field('Version') ?? '';
    if (!PROJECT_NAME.test(name))
        errors.push(`${filename}: ${metadataMember} has Name '${name}', which is not a valid project name`);
    if ((0,pep440/* parseVersion */.ot)(version) === undefined)
        errors.push(`${filename}: ${metadataMember} has Version '${version}', which is not a PEP 440 version`);
    const hasBody = (field('Description') ?? '').trim() !== '';
    if (field('Description-Content-Type') === undefined && hasBody) {
        warnings.push(`${filename} has a long description without Description-Content-Type; PyPI will render it as reStructuredText (set readme = "README.md" or the content type)`);
    }
    // ---- the filename agrees with the metadata
    const match = (format === 'wheel' ? WHEEL_NAME : SDIST_NAME).exec(filename);
    if (!match?.groups) {
        errors.push(format === 'wheel'
            ? `${filename} is not a wheel filename ({name}-{version}(-{build})?-{python}-{abi}-{platform}.whl)`
            : `${filename} is not an sdist filename ({name}-{version}.tar.gz)`);
    }
    else {
        const { name: fileName, version: fileVersion } = match.groups;
        if (filenameName(fileName) !== filenameName(name))
            errors.push(`${filename} names the project '${fileName}', but its metadata says '${name}'`);
        if (!(0,pep440/* versionsEqual */.At)(fileVersion, version))
            errors.push(`${filename} has version '${fileVersion}' in its name, but its metadata says '${version}'`);
        if (format === 'sdist' && fileName !== filenameName(fileName)) {
            warnings.push(`${filename}: the name in an sdist filename should be normalized (PEP 625): ${filenameName(fileName)}-${fileVersion}.tar.gz`);
        }
    }
    // ---- layout and integrity
    const byName = new Map(members.map(member => [member.name, member]));
    const metadataDir = metadataMember.split('/')[0];
    if (format === 'wheel')
        inspectWheel(filename, metadataDir, contents, byName, { errors, warnings, record });
    else {
        const tops = new Set(members.map(member => member.name.split('/')[0]));
        if (tops.size !== 1)
            errors.push(`${filename} has ${tops.size} top-level entries; an sdist holds one directory, {name}-{version}`);
        if (!byName.has(`${metadataDir}/PKG-INFO`))
            errors.push(`${filename} has no PKG-INFO in its top directory ${metadataDir}/`);
        // PyPI takes an sdist with only setup.py and PKG-INFO (legacy.py:421-460 asks for PKG-INFO alone); installers then build it the legacy way
        if (!byName.has(`${metadataDir}/pyproject.toml`)) {
            warnings.push(`${filename} has no pyproject.toml in its top directory ${metadataDir}/; installers build it with setuptools' legacy backend (add a pyproject.toml with [build-system])`);
        }
    }
    // ---- PEP 639 license files are in the archive
    for (const license of metadata.get('license-file') ?? []) {
        const places = format === 'sdist'
            ? [`${metadataDir}/${license}`]
            : Number(metadataVersion) >= 2.4
                ? [`${metadataDir}/licenses/${license}`]
                : [`${metadataDir}/licenses/${license}`, `${metadataDir}/license_files/${license}`, `${metadataDir}/${license}`];
        if (!places.some(place => byName.has(place))) {
            const missing = `${filename}: ${metadataMember} names License-File '${license}', but ${places[0]} is not in the archive`;
            // before Metadata 2.4 License-File was a backend's convention, not the standard's, and PyPI does not look for it
            // (cmeel-qhull 8.0.2.1's wheel keeps it under .dist-info/license/): only 2.4's entries are a promise to keep
            if (Number(metadataVersion) >= 2.4)
                errors.push(missing);
            else
                warnings.push(missing);
        }
    }
    const largest = [...files]
        .sort((a, b) => b.size - a.size)
        .slice(0, 3)
        .map(({ name: file, size }) => ({ name: file, size }));
    return { errors, warnings, record, files: files.length, largest };
}
function inspectWheel(filename, distInfo, contents, byName, found) {
    const { errors, warnings } = found;
    const recordName = `${distInfo}/RECORD`;
    const recordFile = contents.kept.get(recordName);
    if (recordFile === undefined) {
        // PyPI refuses a wheel without RECORD (warehouse/forklift/legacy.py:1540-1556, MissingWheelRecordError)
        errors.push(`${filename} has no ${recordName}`);
    }
    else {
        // what follows PyPI does not refuse: a mismatch is e-mailed to the owners (warehouse/utils/wheel.py:_validate_record)
        const mismatch = found.record;
        const listed = new Set();
        recordFile
            .toString('utf8')
            .split(/\r?\n/)
            .forEach((line, index) => {
            if (line.trim() === '')
                return;
            const [path = '', hash = '', size = ''] = parseCsvLine(line);
            listed.add(path);
            const member = byName.get(path);
            if (member === undefined) {
                mismatch.push(`${filename}: ${recordName} line ${index + 1} lists '${path}', which is not in the wheel`);
                return;
            }
            if (path === recordName || hash === '')
                return;
            const [algorithm, expected] = hash.split('=', 2);
            if (algorithm === 'sha256') {
                if (expected !== hexToBase64Url(member.sha256))
                    mismatch.push(`${filename}: the sha256 of '${path}' does not match ${recordName} (the wheel was altered after it was built)`);
            }
            else if (algorithm === 'md5' || algorithm === 'sha1') {
                mismatch.push(`${filename}: ${recordName} uses ${algorithm} for '${path}'; the wheel specification forbids md5 and sha1`);
            }
            else {
                warnings.push(`${filename}: ${recordName} uses ${algorithm} for '${path}', which was not checked`);
            }
            if (size !== '' && Number(size) !== member.size) {
                mismatch.push(`${filename}: '${path}' is ${member.size} bytes, but ${recordName} says ${size}`);
            }
        });
        const signatures = new Set([recordName, `${distInfo}/RECORD.jws`, `${distInfo}/RECORD.p7s`]);
        const unlisted = [...byName.values()].filter(m => m.type === 'file' && !listed.has(m.name) && !signatures.has(m.name));
        if (unlisted.length > 0) {
            mismatch.push(`${filename}: ${unlisted.length} files are not in ${recordName}, such as '${unlisted[0].name}'`);
        }
    }
    const wheelFile = contents.kept.get(`${distInfo}/WHEEL`);
    if (wheelFile === undefined) {
        errors.push(`${filename} has no ${distInfo}/WHEEL`);
    }
    else {
        const text = wheelFile.toString('utf8');
        const value = (key) => [...text.matchAll(new RegExp(`^${key}:\\s*(.*?)\\s*$`, 'gmi'))].map(match => match[1]);
        const [wheelVersion] = value('Wheel-Version');
        if (wheelVersion === undefined || !/^1\.\d+$/.test(wheelVersion))
            errors.push(`${filename}: ${distInfo}/WHEEL has Wheel-Version '${wheelVersion ?? ''}'; installers read 1.x`);
        const [purelib] = value('Root-Is-Purelib');
        if (purelib === undefined || !/^(true|false)$/i.test(purelib))
            errors.push(`${filename}: ${distInfo}/WHEEL has no Root-Is-Purelib: true|false`);
        if (value('Tag').length === 0)
            errors.push(`${filename}: ${distInfo}/WHEEL has no Tag`);
    }
    // a test suite installed as a top-level package `tests` collides with every other project doing the same
    for (const top of ['tests', 'test']) {
        if (byName.has(`${top}/__init__.py`))
            warnings.push(`${filename} installs a top-level '${top}' package; exclude the tests from the wheel`);
    }
}

// EXTERNAL MODULE: ./src/build/metadata.ts
var build_metadata = __nccwpck_require__(84443);
;// CONCATENATED MODULE: ./src/build/from-sdist.ts
// The wheel is built from the sdist (as `python -m build` does), so an sdist that lacks a file
// fails the build instead of the user who installs it. This module says which file, and what to do.




/** Where each backend's sdist file list is configured. */
const SDIST_FIX = 'add it to the sdist (MANIFEST.in for setuptools, [tool.hatch.build.targets.sdist] include for hatchling, ' +
    '[tool.flit.sdist] include for flit-core, or track it in git with setuptools-scm), ' +
    'or set wheel-from-sdist: false to build the wheel from the tree (the published sdist would still lack it)';
async function isFile(path) {
    return (0,promises_.stat)(path).then(s => s.isFile(), () => false);
}
/** Member names of an sdist below its top directory (`name-1.0/src/x.py` → `src/x.py`). */
async function sdistFiles(sdistPath) {
    const { members } = await (0,archive/* readArchive */.bL)(sdistPath);
    return new Set(members.filter(m => m.type === 'file').map(m => m.name.split('/').slice(1).join('/')));
}
/**
 * The project files a failed build from the sdist names (a FileNotFoundError, "not found: …") that
 * the project has and the sdist lacks, relative to the project: the longest suffix of each named
 * path that exists in `projectDir`.
 */
async function filesMissingFromSdist(output, projectDir, sdistPath) {
    const named = new Set();
    const patterns = [
        /No such file or directory: '([^']+)'/g,
        /No such file or directory: "([^"]+)"/g,
        /can't copy '([^']+)': doesn't exist/g,
        /(?:not found|does not exist|doesn't exist)[:,]? '?([^\s']+\w)'?/gi,
        /'([^'\s]+)' (?:not found|does not exist|doesn't exist)/gi
    ];
    for (const pattern of patterns)
        for (const match of output.matchAll(pattern))
            named.add(match[1]);
    let inSdist;
    try {
        inSdist = await sdistFiles(sdistPath);
    }
    catch {
        inSdist = new Set();
    }
    const missing = new Set();
    for (const path of named) {
        const parts = path.split(/[\\/]+/).filter(part => part !== '' && part !== '.');
        for (let i = 0; i < parts.length; i++) {
            const rel = parts.slice(i).join('/');
            if (rel.startsWith('..'))
                continue;
            if ((await isFile((0,external_node_path_.join)(projectDir, rel))) && !inSdist.has(rel)) {
                missing.add(rel);
                break;
            }
        }
    }
    return [...missing].sort();
}
/** The hint for a failed build of the wheel from the sdist, naming the files the sdist lacks when the output names them. */
async function fromSdistHint(output, projectDir, sdistPath) {
    const missing = await filesMissingFromSdist(output, projectDir, sdistPath);
    if (missing.length === 0) {
        return (' (the sdist was built, and building the wheel from it failed: the sdist probably lacks a file the build needs; ' +
            `compare its members with the project, then ${SDIST_FIX})`);
    }
    const files = missing.join(', ');
    return ` (the wheel is built from the sdist, and the sdist lacks ${files}, which the project has: ${SDIST_FIX.replace(/\bit\b/g, missing.length > 1 ? 'them' : 'it')})`;
}
/** Unpacks the sdist into a fresh directory below `scratch`; returns its top directory (`name-1.0`). */
async function unpackSdist(sdistPath, scratch) {
    await (0,promises_.mkdir)(scratch, { recursive: true });
    const { exitCode, stderr } = await exec/* getExecOutput */.H('tar', ['-xzf', sdistPath, '-C', scratch], { silent: true, ignoreReturnCode: true });
    if (exitCode !== 0)
        throw new Error(`tar could not unpack ${sdistPath}: ${stderr.trim()}`);
    const tops = await (0,promises_.readdir)(scratch);
    if (tops.length !== 1)
        throw new Error(`${sdistPath} unpacks to ${tops.length} top-level entries (${tops.join(', ')}); an sdist has one`);
    return (0,external_node_path_.join)(scratch, tops[0]);
}
/** The files a wheel built from the tree has and the wheel built from the sdist lacks (dist-info aside). */
async function wheelGap(fromSdist, fromTree) {
    const names = async (path) => new Set((await (0,archive/* readArchive */.bL)(path)).members.filter(m => m.type === 'file' && !m.name.split('/')[0].endsWith('.dist-info')).map(m => m.name));
    const sdistWheel = await names(fromSdist);
    return [...(await names(fromTree))].filter(name => !sdistWheel.has(name)).sort();
}
function wheelGapMessage(gap, wheel, sdist) {
    return (`${wheel}, built from ${sdist}, lacks ${gap.length} file${gap.length > 1 ? 's' : ''} that a wheel built from the project tree has: ` +
        `${(0,archive/* listDifferences */.bY)(gap)}. The sdist does not carry ${gap.length > 1 ? 'their sources' : 'its source'}: ` +
        SDIST_FIX.replace(/\bit\b/g, gap.length > 1 ? 'them' : 'it'));
}
/**
 * Files of the project's package directories the sdist lacks: the cheap test that decides whether a
 * wheel is built from the tree to compare. A package directory is where the sdist holds a top-level
 * package of the wheel (`src/pkg/` for `pkg/`); in a git work tree only files git does not ignore
 * count, elsewhere every file but `__pycache__` and compiled bytecode.
 */
async function sdistSuspects(wheelPath, sdistPath, sourceDir, tracked) {
    const wheelDirs = new Set((await (0,archive/* readArchive */.bL)(wheelPath)).members
        .map(m => m.name.split('/'))
        .filter(parts => parts.length > 1 && !/\.(dist-info|data)$/.test(parts[0]))
        .map(parts => parts[0]));
    const inSdist = await sdistFiles(sdistPath);
    const packageDirs = new Set();
    for (const file of inSdist) {
        const parts = file.split('/');
        const at = parts.findIndex((part, i) => i < parts.length - 1 && wheelDirs.has(part));
        if (at >= 0)
            packageDirs.add(parts.slice(0, at + 1).join('/'));
    }
    const suspects = [];
    const listed = await tracked;
    for (const dir of packageDirs) {
        const files = listed?.filter(file => file.startsWith(`${dir}/`)) ?? (await projectFiles(sourceDir, dir));
        for (const file of files)
            if (!inSdist.has(file))
                suspects.push(file);
    }
    return suspects.sort();
}
const bytecode = (file) => /(^|\/)__pycache__\//.test(file) || /\.py[co]$/.test(file);
/**
 * Every file of `sourceDir` a build could take, as git sees them (not ignored, no bytecode, present);
 * undefined without git. Asked while the build runs, so that comparing the sdist with the tree after it
 * costs no git and no stat (the files a build could take are those there before it).
 */
async function trackedProjectFiles(sourceDir, dir) {
    const { exitCode, stdout } = await exec/* getExecOutput */.H('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...(dir === undefined ? [] : ['--', dir])], {
        cwd: sourceDir,
        silent: true,
        ignoreReturnCode: true
    })
        .catch(() => ({ exitCode: 1, stdout: '' }));
    if (exitCode !== 0)
        return undefined;
    // skip-worktree entries (files the build's copy left out) are listed but absent; looked at all at once
    // (one after the other, a project of 500 files waited on 500 stats in turn)
    const listed = stdout.split('\0').filter(file => file !== '' && !bytecode(file));
    const present = await Promise.all(listed.map(file => isFile((0,external_node_path_.join)(sourceDir, file))));
    return listed.filter((_, i) => present[i]);
}
/** Files below `dir` (relative to `sourceDir`) a build could take: not ignored by git, no bytecode. */
async function projectFiles(sourceDir, dir) {
    const listed = await trackedProjectFiles(sourceDir, dir);
    if (listed !== undefined)
        return listed;
    const files = [];
    const walk = async (rel) => {
        for (const entry of await (0,promises_.readdir)((0,external_node_path_.join)(sourceDir, rel), { withFileTypes: true }).catch(() => [])) {
            const path = `${rel}/${entry.name}`;
            if (entry.isDirectory())
                await walk(path);
            else if (entry.isFile() && !bytecode(path))
                files.push(path);
        }
    };
    await walk(dir);
    return files;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
;// CONCATENATED MODULE: ./src/build/source.ts
// The source tree a build reads. Published output must never become build input: when a directory the
// action writes (the local target's 'local-dir', `release` by default) lies inside the project, the
// build runs in a copy of the project without it, so no backend (hatchling packing every file,
// setuptools' flat-layout discovery, flit, uv) can see it, whatever it includes by default.
//
// One way to build, every run: the copy is made whenever that directory lies inside the project,
// whether or not it exists yet, so the first run and every re-run build the same input the same way
// (the first run used to build in place, leaving egg-info behind that the re-run's copy then carried:
// another SOURCES.txt, and a re-run finding its own release "different"). The project's own tree is
// then never written by a build.
//
// The copy is exact: links are copied as links with their own targets (a relative link stays
// relative, so git sees the committed link and a backend packs what it would have packed), modes and
// timestamps are kept. A relative link that leaves the project but stays inside the repository (a
// monorepo package's README linking ../../README.md) finds its target copied to the same place in the
// copy's root; only one leaving the repository is made absolute, and the log says so.
//
// A copy of a project inside a git work tree stays a git work tree, so setuptools-scm and hatch-vcs
// still read the version and the tracked files: the copy sits at the same path below a copied
// root, whose `.git` file points at a private git directory (its own HEAD and a copy of the index;
// objects, refs and config come from the original through `commondir`, read only). Files the copy
// leaves out (the rest of a monorepo, the excluded directory) are marked skip-worktree in that
// private index, so git does not call the copy dirty. The original repository is never written.





/** Whether `child` is `parent` or lies below it. */
function isInside(child, parent) {
    const rel = (0,external_node_path_.relative)(parent, child);
    return rel === '' || (!rel.startsWith(`..${external_node_path_.sep}`) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
/**
 * The variables that point git at one repository (`git rev-parse --local-env-vars`). A run inside a git
 * hook has GIT_INDEX_FILE or GIT_DIR set: git in the build's copy (and a backend's git there) must use
 * the copy's own .git, never write the user's index.
 */
const GIT_REPOSITORY_VARIABLES = [
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_CONFIG',
    'GIT_CONFIG_PARAMETERS',
    'GIT_CONFIG_COUNT',
    'GIT_OBJECT_DIRECTORY',
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_IMPLICIT_WORK_TREE',
    'GIT_GRAFT_FILE',
    'GIT_INDEX_FILE',
    'GIT_NO_REPLACE_OBJECTS',
    'GIT_REPLACE_REF_BASE',
    'GIT_PREFIX',
    'GIT_SHALLOW_FILE',
    'GIT_COMMON_DIR'
];
/** The environment without the variables that point git at a repository. */
function withoutGitRepository(env) {
    const clean = { ...env };
    for (const name of GIT_REPOSITORY_VARIABLES)
        delete clean[name];
    return clean;
}
async function git(cwd, args, input) {
    try {
        const env = withoutGitRepository(process.env);
        const { exitCode, stdout } = await exec/* getExecOutput */.H('git', args, { cwd, env, silent: true, ignoreReturnCode: true, input });
        return exitCode === 0 ? stdout : undefined;
    }
    catch {
        return undefined; // no git on PATH
    }
}
/** An absolute path git names (`--path-format` needs git 2.31; older ones answer relative to the cwd). */
async function gitPath(cwd, option) {
    const path = ((await git(cwd, ['rev-parse', '--path-format=absolute', option])) ?? (await git(cwd, ['rev-parse', option])))?.trim();
    return path ? (0,external_node_path_.resolve)(cwd, path) : undefined;
}
async function exists(path) {
    return (0,promises_.stat)(path).then(() => true, () => false);
}
/**
 * The tree to build `projectDir` from. `exclude` lists absolute directories the build must not
 * read (the local target's directory); when one lies inside the project (existing, or not yet when
 * `beforeCreated`), the
 * build reads an exact copy without it, made in `workDir` (a directory this build owns, at a stable
 * path when the caller can give one; a fresh temp directory otherwise). When none does, the project
 * itself is built in place.
 */
async function sourceTree(givenDir, givenExclude, logger, workDir, 
/** false: a directory of `exclude` that does not exist yet is not a reason to copy. */
beforeCreated = true) {
    // git names real paths: compare real paths, or a project reached through a link loses its git
    const real = async (path) => (0,promises_.realpath)(path).catch(() => path);
    const projectDir = await real(givenDir);
    // a directory not made yet (the first run's local-dir) is named through its nearest existing parent
    const realOrAhead = async (path) => {
        const parent = (0,external_node_path_.dirname)(path);
        if ((await exists(path)) || parent === path)
            return real(path);
        return (0,external_node_path_.join)(await realOrAhead(parent), (0,external_node_path_.basename)(path));
    };
    const present = beforeCreated ? givenExclude : (await Promise.all(givenExclude.map(async (dir) => ((await exists(dir)) ? [dir] : [])))).flat();
    const exclude = await Promise.all(present.map(realOrAhead));
    const inside = exclude.filter(dir => isInside(dir, projectDir));
    if (inside.some(dir => (0,external_node_path_.relative)(projectDir, dir) === '')) {
        // inputs refuse this; a library caller may not have
        throw new Error(`the directory to keep out of the build is the project directory itself (${projectDir})`);
    }
    if (inside.length === 0)
        return { dir: givenDir, dispose: async () => { } };
    let work;
    if (workDir === undefined)
        work = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'python-release-src-'));
    else {
        work = (0,external_node_path_.join)(workDir, 'source');
        await (0,promises_.mkdir)(work);
    }
    const dispose = async () => (0,promises_.rm)(work, { recursive: true, force: true });
    try {
        const top = (await git(projectDir, ['rev-parse', '--show-toplevel']))?.trim();
        const gitDir = top ? await gitPath(projectDir, '--git-dir') : undefined;
        const commonDir = top ? await gitPath(projectDir, '--git-common-dir') : undefined;
        const inGit = top !== undefined && top !== '' && gitDir !== undefined && commonDir !== undefined && isInside(projectDir, top);
        const root = (0,external_node_path_.join)(work, 'tree');
        const copy = inGit ? (0,external_node_path_.join)(root, (0,external_node_path_.relative)(top, projectDir)) : (0,external_node_path_.join)(work, 'tree');
        await (0,promises_.mkdir)(copy, { recursive: true });
        const skipped = new Set(inside);
        const projectGit = (0,external_node_path_.join)(projectDir, '.git');
        const venvs = [];
        const links = [];
        await (0,promises_.cp)(projectDir, copy, {
            recursive: true,
            // a link is copied as the link it is (cp would make a relative target absolute, which git sees
            // as a changed link and an sdist packs as a link out of the archive); modes and times are kept
            verbatimSymlinks: true,
            preserveTimestamps: true,
            // a virtual environment (.venv, .tox/py312: a pyvenv.cfg at its top) is never build input, and
            // copying one costs more than the build
            filter: async (source) => {
                if (skipped.has(source) || source === projectGit)
                    return false;
                if (source === projectDir)
                    return true;
                const stats = await (0,promises_.lstat)(source);
                if (stats.isSymbolicLink()) {
                    links.push(source);
                    return true;
                }
                if (!stats.isDirectory() || !(await exists((0,external_node_path_.join)(source, 'pyvenv.cfg'))))
                    return true;
                venvs.push((0,external_node_path_.relative)(projectDir, source));
                return false;
            }
        });
        const absolute = await linksLeavingTheProject({ links, projectDir, copy, top: inGit ? top : undefined, root });
        if (inGit)
            await linkGit({ top, gitDir, commonDir, projectDir, root, excluded: inside });
        logger.info(`building from an exact copy of ${projectDir} without ${inside.map(dir => (0,external_node_path_.relative)(projectDir, dir)).join(', ')} ` +
            `(published files are never build input, and every run builds the same way)${inGit ? '; the copy reads the version and tracked files from git' : ''}` +
            (venvs.length > 0 ? `; virtual environments left out too: ${venvs.join(', ')}` : '') +
            (absolute.length > 0 ? `; links leaving the repository now point at absolute paths: ${absolute.join(', ')}` : ''));
        return { dir: copy, dispose };
    }
    catch (error) {
        await dispose();
        throw error;
    }
}
/**
 * Links of the project whose relative target lies outside the project: the copy must resolve them as
 * the project does. A target inside the repository is copied to the same place below the copy's root
 * (git sees it as the tracked file it is; those outside the project are skip-worktree anyway); one
 * outside the repository (or with no repository) becomes an absolute link. Returns those made absolute,
 * relative to the project.
 */
async function linksLeavingTheProject(options) {
    const { links, projectDir, copy, top, root } = options;
    const absolute = [];
    for (const link of links) {
        const target = await (0,promises_.readlink)(link);
        if ((0,external_node_path_.isAbsolute)(target))
            continue;
        const resolved = (0,external_node_path_.resolve)((0,external_node_path_.dirname)(link), target);
        if (isInside(resolved, projectDir))
            continue;
        if (top !== undefined && isInside(resolved, top) && (await exists(resolved))) {
            const placed = (0,external_node_path_.join)(root, (0,external_node_path_.relative)(top, resolved));
            if (!(await exists(placed))) {
                await (0,promises_.mkdir)((0,external_node_path_.dirname)(placed), { recursive: true });
                await (0,promises_.cp)(resolved, placed, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
            }
            continue;
        }
        const copied = (0,external_node_path_.join)(copy, (0,external_node_path_.relative)(projectDir, link));
        await (0,promises_.unlink)(copied);
        await (0,promises_.symlink)(resolved, copied);
        absolute.push((0,external_node_path_.relative)(projectDir, link));
    }
    return absolute;
}
/**
 * Makes `root` a work tree of the project's repository through a private git directory, marking
 * every tracked file the copy lacks skip-worktree, and copying the ignore files between the
 * repository's top and the project (hatchling reads them).
 */
async function linkGit(options) {
    const { top, gitDir, commonDir, projectDir, root, excluded } = options;
    // A `.git` directory of its own (git reads objects and refs through its `commondir`), not a `.git`
    // file pointing elsewhere: backends leave a `.git` directory out of an sdist, and hatchling packs a
    // `.git` file.
    const privateDir = (0,external_node_path_.join)(root, '.git');
    await (0,promises_.mkdir)(privateDir);
    await (0,promises_.writeFile)((0,external_node_path_.join)(privateDir, 'commondir'), `${commonDir}\n`);
    await (0,promises_.writeFile)((0,external_node_path_.join)(privateDir, 'HEAD'), await (0,promises_.readFile)((0,external_node_path_.join)(gitDir, 'HEAD')));
    if (await exists((0,external_node_path_.join)(gitDir, 'index')))
        await (0,promises_.copyFile)((0,external_node_path_.join)(gitDir, 'index'), (0,external_node_path_.join)(privateDir, 'index'));
    // a split index (core.splitIndex) keeps most entries in a shared file beside it
    for (const name of await (0,promises_.readdir)(gitDir)) {
        if (name.startsWith('sharedindex.'))
            await (0,promises_.copyFile)((0,external_node_path_.join)(gitDir, name), (0,external_node_path_.join)(privateDir, name));
    }
    for (let dir = (0,external_node_path_.dirname)(projectDir); isInside(dir, top); dir = (0,external_node_path_.dirname)(dir)) {
        for (const name of ['.gitignore', '.gitattributes']) {
            const file = (0,external_node_path_.join)(dir, name);
            if (await exists(file))
                await (0,promises_.copyFile)(file, (0,external_node_path_.join)(root, (0,external_node_path_.relative)(top, dir), name));
        }
        if (dir === top)
            break;
    }
    const listed = async (pathspec) => {
        const out = await git(root, ['ls-files', '-z', '--', pathspec]);
        if (out === undefined)
            throw new Error(`git ls-files ${pathspec} failed in the build's copy of ${projectDir}`);
        return out.split('\0');
    };
    const projectRel = (0,external_node_path_.relative)(top, projectDir).split(external_node_path_.sep).join('/');
    const outside = projectRel === '' ? [] : await listed(`:(top,exclude)${projectRel}/`);
    const excludedFiles = [];
    for (const dir of excluded)
        excludedFiles.push(...(await listed(`:(top)${(0,external_node_path_.relative)(top, dir).split(external_node_path_.sep).join('/')}/`)));
    const paths = [...outside, ...excludedFiles].filter(Boolean);
    if (paths.length === 0)
        return;
    const marked = await git(root, ['update-index', '--skip-worktree', '-z', '--stdin'], Buffer.from(`${paths.join('\0')}\0`));
    if (marked === undefined)
        throw new Error(`git update-index --skip-worktree failed in the build's copy of ${projectDir}`);
}
/** Whether a process with this pid is running (on this machine). */
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * The directory a build of `projectDir` works in (its copy of the tree, the unpacked sdist, CMake's build
 * directory): `python-release-build-<12 hex of the project's path>` under `root`, the same path for every
 * run of the project, so what a compiler or a backend writes of its paths is the same too (compiled.ts
 * maps them away as well; this holds for what no map reaches). Claimed atomically: a fresh directory
 * holding an `owner` file with this process's pid is renamed into place; when another live process holds
 * the name (two builds of one project at once), this build keeps its fresh directory, and says so; a
 * directory left by a process that died is removed and claimed.
 */
async function buildWorkDir(root, projectDir, logger) {
    await (0,promises_.mkdir)(root, { recursive: true });
    const project = await (0,promises_.realpath)(projectDir).catch(() => projectDir);
    const name = `python-release-build-${(0,external_node_crypto_.createHash)('sha256').update(project).digest('hex').slice(0, 12)}`;
    const stable = (0,external_node_path_.join)(root, name);
    const fresh = await (0,promises_.mkdtemp)((0,external_node_path_.join)(root, `.${name}-`));
    await (0,promises_.writeFile)((0,external_node_path_.join)(fresh, 'owner'), `${process.pid}\n`);
    const claimed = (dir, isStable) => ({ dir, stable: isStable, dispose: () => (0,promises_.rm)(dir, { recursive: true, force: true }) });
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            await (0,promises_.rename)(fresh, stable);
            return claimed(stable, true);
        }
        catch (error) {
            const code = error.code;
            if (code !== 'ENOTEMPTY' && code !== 'EEXIST')
                break;
        }
        const owner = Number.parseInt((await (0,promises_.readFile)((0,external_node_path_.join)(stable, 'owner'), 'utf8').catch(() => '')).trim(), 10);
        if (Number.isInteger(owner) && owner > 0 && alive(owner))
            break;
        await (0,promises_.rm)(stable, { recursive: true, force: true });
    }
    logger.info(`another build of ${project} is running in ${stable}: this one works in ${fresh} (compiled files may carry that path)`);
    return claimed(fresh, false);
}

;// CONCATENATED MODULE: ./src/build/compiled.ts
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
]);
/** What in a setup.py or setup.cfg says it builds extension modules. */
const SETUPTOOLS_EXTENSIONS = /\b(Extension|ext_modules|cythonize|CMakeExtension|Pybind11Extension|cffi_modules|rust_extensions|build_ext)\b/;
const readText = (path) => (0,promises_.readFile)(path, 'utf8').catch(() => undefined);
/**
 * Why the project in `dir` compiles, in a few words, or undefined when nothing says it does. Read
 * from its configuration, not from a build: what decides how the build runs must be known before it.
 */
async function compiledProject(dir) {
    const pyproject = await readText((0,external_node_path_.join)(dir, 'pyproject.toml'));
    let backend;
    if (pyproject !== undefined) {
        try {
            const toml = (0,dist/* parse */.qg)(pyproject);
            const named = toml['build-system']?.['build-backend'];
            backend = typeof named === 'string' ? named : undefined;
            if (toml.tool?.setuptools?.['ext-modules'] !== undefined)
                return 'pyproject.toml lists [tool.setuptools] ext-modules';
        }
        catch {
            return undefined; // the build says what is wrong with it
        }
    }
    if (backend !== undefined && COMPILING_BACKENDS.has(backend))
        return `its build backend ${backend} compiles`;
    for (const name of ['setup.py', 'setup.cfg']) {
        const match = SETUPTOOLS_EXTENSIONS.exec((await readText((0,external_node_path_.join)(dir, name))) ?? '');
        if (match)
            return `${name} names ${match[1]}`;
    }
    return undefined;
}
/** The variables that carry C and C++ compiler flags for setuptools, CMake and Meson. */
const FLAG_VARIABLES = ['CFLAGS', 'CXXFLAGS'];
/**
 * `env` with prefix maps appended to CFLAGS and CXXFLAGS, each of `dirs` (most general first) written
 * as `.` in what the compilers emit; and, when `cmakeBuildDir` is given and the caller set none,
 * SKBUILD_BUILD_DIR. The caller's own flags come first and are kept.
 */
function reproducibleCompileEnv(env, dirs, logger, options = {}) {
    if ((options.platform ?? process.platform) === 'win32')
        return env;
    const unsafe = dirs.filter(dir => /[\s'"\\$`]/.test(dir));
    if (unsafe.length > 0)
        logger.info(`not mapped for the compiler (a path CFLAGS cannot carry): ${unsafe.join(', ')}`);
    const flags = [...new Set(dirs.filter(dir => !unsafe.includes(dir)))].map(dir => `-ffile-prefix-map=${dir}=.`);
    const result = { ...env };
    if (flags.length > 0) {
        for (const name of FLAG_VARIABLES)
            result[name] = [env[name]?.trim(), ...flags].filter(Boolean).join(' ');
    }
    if (options.cmakeBuildDir !== undefined && !env['SKBUILD_BUILD_DIR'])
        result['SKBUILD_BUILD_DIR'] = options.cmakeBuildDir;
    return result;
}

// EXTERNAL MODULE: ./src/trace.ts
var trace = __nccwpck_require__(73606);
// EXTERNAL MODULE: ./src/build/requirements.ts
var build_requirements = __nccwpck_require__(6322);
;// CONCATENATED MODULE: ./src/build/builder.ts
// PackageBuilder: the sdist and wheel with PyPA's `build`, into a fresh directory, each file
// described by its size, sha256 and core metadata (read from the archive itself).














/** The build did not produce a release: the message says why, with the tail of the build's stderr. */
class BuildError extends Error {
    command;
    stderrTail;
    constructor(message, command = [], stderrTail = '') {
        super(stderrTail === '' ? message : `${message}\n${stderrTail}`);
        this.command = command;
        this.stderrTail = stderrTail;
        this.name = 'BuildError';
    }
}
const STDERR_TAIL_LINES = 20;
const BUILDERS = ['build', 'hatch', 'uv'];
/** Whether a program runs (exit 0) with these arguments. */
async function runs(program, args) {
    try {
        return (await exec/* getExecOutput */.H(program, args, { silent: true, ignoreReturnCode: true })).exitCode === 0;
    }
    catch {
        return false;
    }
}
/** `build` and `uv` build the wheel from the sdist themselves; hatch builds it from the unpacked sdist here. */
async function frontend(options) {
    const builder = options.builder ?? 'build';
    const { python } = options;
    if (builder === 'build')
        return { kind: 'build', program: python, why: "builder 'build': PyPA's build frontend" };
    if (builder === 'hatch') {
        if (await runs('hatch', ['--version']))
            return { kind: 'hatch', program: 'hatch', why: "builder 'hatch': hatch on PATH" };
        if (await runs(python, ['-c', 'import hatchling.cli'])) {
            return {
                kind: 'hatchling',
                program: python,
                why: `builder 'hatch': hatch is not on PATH, so hatchling of '${python}' builds in place (no isolation)`
            };
        }
        throw new BuildError(`Input 'builder' is hatch, but neither hatch is on PATH nor hatchling installed for '${python}' (input 'python'): ` +
            `install one with 'pipx install hatch' or '${python} -m pip install hatchling'`);
    }
    if (!(await runs('uv', ['--version']))) {
        throw new BuildError("Input 'builder' is uv, but uv is not on PATH: install it with 'pip install uv' or the astral-sh/setup-uv action, or use builder: build");
    }
    return { kind: 'uv', program: 'uv', why: "builder 'uv': uv on PATH" };
}
/** The command building `targets` of the project in `sourceDir` into `outputDir`; run it with cwd `sourceDir`. */
function commandFor(front, targets, sourceDir, outputDir, isolation) {
    const flags = { 'sdist-then-wheel': [], tree: ['--sdist', '--wheel'], sdist: ['--sdist'], wheel: ['--wheel'] }[targets];
    const hatchTargets = { 'sdist-then-wheel': ['-t', 'sdist'], tree: ['-t', 'sdist', '-t', 'wheel'], sdist: ['-t', 'sdist'], wheel: ['-t', 'wheel'] }[targets];
    if (targets === 'sdist-then-wheel' && (front.kind === 'hatch' || front.kind === 'hatchling')) {
        throw new Error('hatch builds the wheel from the sdist in two commands: the sdist, then the wheel in the unpacked sdist');
    }
    switch (front.kind) {
        case 'build':
            return {
                program: front.program,
                args: ['-m', 'build', ...flags, '--outdir', outputDir, ...(isolation ? [] : ['--no-isolation', '--skip-dependency-check']), sourceDir]
            };
        case 'uv':
            return { program: 'uv', args: ['build', ...flags, '--out-dir', outputDir, ...(isolation ? [] : ['--no-build-isolation']), sourceDir] };
        case 'hatch':
            return { program: 'hatch', args: ['build', ...hatchTargets, outputDir] };
        case 'hatchling':
            return { program: front.program, args: ['-m', 'hatchling', 'build', ...hatchTargets, '-d', outputDir] };
    }
}
class PackageBuilder {
    options;
    constructor(options) {
        this.options = options;
    }
    async build() {
        const report = await this.buildInto(this.options.outputDir, true);
        if (!this.options.checkReproducible)
            return report;
        const againDir = `${this.options.outputDir}-again`;
        this.options.logger.info(`check-reproducible: building again into ${againDir}`);
        const again = await this.buildInto(againDir);
        const tolerated = [];
        const differences = await compareBuilds(report.artifacts, again.artifacts, tolerated);
        if (differences.length > 0) {
            throw new BuildError(`the build is not reproducible (input 'check-reproducible'): two builds differ:\n- ${differences.join('\n- ')}`);
        }
        const identical = report.artifacts.filter(a => !tolerated.some(line => line.startsWith(`${a.filename}:`)));
        this.options.logger.info(`check-reproducible: both builds are byte-identical (${identical.map(a => a.filename).join(', ')})`);
        if (tolerated.length === 0)
            return report;
        const annotations = tolerated.map(message => ({ level: 'warning', title: 'Build not byte-reproducible', message }));
        return { ...report, annotations: [...report.annotations, ...annotations] };
    }
    async buildInto(outputDir, compareWithTree = false) {
        const options = { ...this.options, outputDir };
        await prepareOutputDir(options.outputDir);
        // the commit's time (a git subprocess) is asked while the working directory and the tree are prepared
        const dated = withSourceDateEpoch(options.env, options.projectDir, options.logger);
        dated.catch(() => { }); // awaited below, or left when preparing fails
        const front = await frontend(options);
        options.logger.info(front.why);
        let work;
        let source;
        try {
            work = await buildWorkDir(options.workRoot ?? (0,external_node_path_.dirname)(outputDir), options.projectDir, options.logger);
        }
        catch (error) {
            throw new BuildError(`cannot make the build's working directory: ${error.message}`);
        }
        const scratch = work.dir;
        try {
            source = await sourceTree(options.projectDir, options.exclude ?? [], options.logger, scratch, options.excludeBeforeCreated ?? true);
        }
        catch (error) {
            await work.dispose();
            throw new BuildError(`cannot prepare the build's source tree: ${error.message}`);
        }
        const env = await dated;
        try {
            const checkOptions = {
                mode: options.buildRequirements,
                python: options.python,
                frontend: front.kind,
                isolation: options.isolation,
                pyproject: (0,external_node_path_.join)(options.projectDir, 'pyproject.toml'),
                logger: options.logger
            };
            const check = (sourceDir) => (0,build_requirements/* buildRequirementsProblem */.gU)({ ...checkOptions, sourceDir }).catch((error) => `the build requirements could not be checked: ${error.message}`);
            const fromSdist = options.wheelFromSdist ?? true;
            const hatchLike = front.kind === 'hatch' || front.kind === 'hatchling';
            // A backend whose requirement hooks only read the tree is checked while it builds (the files are
            // kept only when the requirements are met). Others (setuptools' hooks write egg-info into the tree)
            // are asked in a second unpacked copy of the sdist while the wheel builds from the first, which is
            // the tree the wheel's own build asks; built from the tree, they are checked before the build.
            // both read the project's configuration: at once, before the build starts
            const [readOnlyHooks, compiled] = await Promise.all([(0,build_requirements/* requirementHooksReadOnly */.Wz)(source.dir), compiledProject(source.dir)]);
            const hooksOnSdist = fromSdist && !hatchLike && !readOnlyHooks && (0,build_requirements/* requirementsChecked */.Kl)(checkOptions);
            // a project that compiles builds its wheel in the sdist unpacked here, not in build's random
            // temporary directory, with the compilers' prefix maps (compiled.ts)
            if (compiled !== undefined) {
                options.logger.info(`${compiled}: the wheel is compiled ${fromSdist ? "in the sdist unpacked in the build's own directory" : 'in the tree'}, ` +
                    'with -ffile-prefix-map for its paths, so a rebuild of this commit matches byte for byte');
            }
            const compileEnv = (dir, base) => compiled === undefined
                ? base
                : reproducibleCompileEnv(base, [options.projectDir, source.dir, dir, (0,external_node_path_.join)(scratch, 'cmake')], options.logger, {
                    cmakeBuildDir: (0,external_node_path_.join)(scratch, 'cmake')
                });
            let requirements;
            if (readOnlyHooks || !hooksOnSdist)
                requirements = check(source.dir);
            if (!readOnlyHooks && !hooksOnSdist) {
                const unmet = await requirements;
                if (unmet !== undefined)
                    throw new BuildError(unmet);
            }
            const step = (targets, dir) => ({ ...commandFor(front, targets, dir, outputDir, options.isolation), cwd: dir, outputDir });
            // The sdist is complete once the wheel's build begins: it is described while the wheel builds
            // (one core builds, the other reads), not after.
            const early = new Map();
            let earlyStarted;
            const describeSdistEarly = () => {
                earlyStarted ??= (0,promises_.readdir)(outputDir).then(names => {
                    const sdist = names.find(name => formatOf(name) === 'sdist');
                    if (sdist === undefined)
                        return;
                    const describing = describeArtifact((0,external_node_path_.join)(outputDir, sdist));
                    describing.then(() => options.logger.info(`${sdist} read and checked while the wheel builds`), () => { } // awaited with the others (describeOutput)
                    );
                    early.set(sdist, describing);
                });
                earlyStarted.catch(() => { });
            };
            // build: "* Building wheel from sdist" (build 0.9 __main__.py line 244, `Building {distributions} from
            // sdist`); uv: "Building wheel from source distribution..."
            const wheelFromSdistBegins = (line) => {
                if (/^\* Building .* from sdist$|Building wheel from source distribution/.test(line))
                    describeSdistEarly();
            };
            // a backend in the copy uses the copy's git, whatever repository the environment points at
            const buildEnv = source.dir === options.projectDir ? env : withoutGitRepository(env);
            const buildFiles = async () => {
                if (!fromSdist)
                    return this.run(step('tree', source.dir), compileEnv(source.dir, buildEnv), source.dir);
                if (!hatchLike && !hooksOnSdist && compiled === undefined) {
                    return this.run(step('sdist-then-wheel', source.dir), buildEnv, source.dir, wheelFromSdistBegins);
                }
                const command = await this.run(step('sdist', source.dir), buildEnv, source.dir);
                describeSdistEarly();
                const sdist = (await (0,promises_.readdir)(outputDir)).find(name => formatOf(name) === 'sdist');
                if (sdist === undefined)
                    throw new BuildError(`${command.join(' ')} wrote no sdist into ${outputDir}`, command);
                let unpacked;
                try {
                    unpacked = await unpackSdist((0,external_node_path_.join)(outputDir, sdist), (0,external_node_path_.join)(scratch, 'sdist'));
                }
                catch (error) {
                    throw new BuildError(error.message, command);
                }
                if (hooksOnSdist) {
                    // the second copy is unpacked while the wheel builds, not before it
                    requirements = unpackSdist((0,external_node_path_.join)(outputDir, sdist), (0,external_node_path_.join)(scratch, 'sdist-hooks')).then(check, (error) => {
                        throw new BuildError(error.message, command);
                    });
                    requirements.catch(() => { }); // awaited after the wheel's build
                }
                options.logger.info(`building the wheel from ${sdist}`);
                await this.run(step('wheel', unpacked), compileEnv(unpacked, buildEnv), source.dir);
                return command;
            };
            // the tree's files, for comparing the sdist with them afterwards, listed while the build runs
            const tracked = fromSdist && compareWithTree ? trackedProjectFiles(source.dir) : undefined;
            tracked?.catch(() => { });
            let command;
            try {
                command = await buildFiles();
            }
            catch (error) {
                // unmet requirements explain a failed build better than the backend does
                const unmet = await (requirements ?? check(source.dir));
                throw unmet !== undefined ? new BuildError(unmet) : error;
            }
            // the files are described while the requirements check ends (it may outlast the wheel's build)
            const described = (async () => {
                await earlyStarted?.catch(() => { });
                return describeOutput(options.outputDir, early);
            })();
            described.catch(() => { }); // awaited once the requirements are known to be met
            const unmet = await requirements;
            if (unmet !== undefined)
                throw new BuildError(unmet);
            const artifacts = await described;
            (0,trace/* trace */.u)('build described');
            const warnings = artifacts.flatMap(artifact => [...(artifact.contents?.warnings ?? []), ...(artifact.contents?.record ?? [])].map(message => ({
                level: 'warning',
                title: `Inspection: ${artifact.filename}`,
                message
            })));
            for (const artifact of artifacts) {
                const largest = artifact.contents?.largest.map(file => `${file.name} (${file.size} B)`).join(', ');
                options.logger.info(`${artifact.filename}: ${artifact.contents?.files ?? 0} files; largest ${largest || 'none'}`);
            }
            if (fromSdist && compareWithTree)
                await this.compareWithTree(front, source.dir, artifacts, env, (0,external_node_path_.join)(scratch, 'tree-wheel'), tracked);
            return { outputDir: options.outputDir, artifacts, command, annotations: [...disagreements(artifacts), ...warnings], frontend: front.kind };
        }
        finally {
            await source.dispose();
            await work.dispose();
        }
    }
    /**
     * A pure wheel built from the sdist must hold every file a wheel built from the tree holds; a file
     * only the tree's wheel has is one the sdist forgot. The wheel is built from the tree only when the
     * sdist lacks a file of a package directory (cheap to see; most builds never pay for it), and a
     * platform wheel is never built twice (compiling again costs too much): its sdist is checked by
     * building the wheel from it.
     */
    async compareWithTree(front, sourceDir, artifacts, env, dir, tracked) {
        const sdist = artifacts.find(a => a.format === 'sdist');
        const wheels = artifacts.filter(a => a.format === 'wheel');
        const { logger } = this.options;
        if (!sdist || wheels.length !== 1 || !wheels[0].filename.endsWith('-none-any.whl')) {
            logger.info('the wheel is not pure Python: not building it again from the tree to compare');
            return;
        }
        const suspects = await sdistSuspects(wheels[0].path, sdist.path, sourceDir, tracked);
        if (suspects.length === 0) {
            logger.info(`${sdist.filename} holds every file of the project's package directories`);
            return;
        }
        logger.info(`${sdist.filename} lacks ${(0,archive/* listDifferences */.bY)(suspects)} of the package directories: building a wheel from the tree to compare`);
        await (0,promises_.mkdir)(dir, { recursive: true });
        try {
            await this.run({ ...commandFor(front, 'wheel', sourceDir, dir, this.options.isolation), cwd: sourceDir, outputDir: dir }, env, sourceDir);
        }
        catch (error) {
            logger.info(`building a wheel from the tree to compare with the wheel from the sdist failed; not compared: ${error.message.split('\n')[0]}`);
            return;
        }
        const treeWheel = (await (0,promises_.readdir)(dir)).find(name => name.endsWith('.whl'));
        if (treeWheel === undefined)
            return;
        const gap = await wheelGap(wheels[0].path, (0,external_node_path_.join)(dir, treeWheel));
        if (gap.length > 0)
            throw new BuildError(wheelGapMessage(gap, wheels[0].filename, sdist.filename));
        logger.info(`${wheels[0].filename}, built from ${sdist.filename}, has every file a wheel built from the tree has (the backend leaves the others out of both)`);
    }
    /** Runs one build command; a failure is a BuildError with the output's tail and what it likely means. */
    async run(step, env, sourceDir, onLine) {
        const options = this.options;
        const { program, args } = step;
        const command = [program, ...args];
        options.logger.info(`$ ${command.join(' ')}`);
        (0,trace/* trace */.u)('build command start');
        const stderr = [];
        const stdout = [];
        let code;
        try {
            code = await exec/* exec */.m(program, args, {
                cwd: step.cwd,
                env: env,
                silent: true,
                ignoreReturnCode: true,
                listeners: {
                    stdline: line => {
                        options.logger.info(line);
                        onLine?.(line);
                        // build prints the backend's traceback on stdout
                        stdout.push(line);
                        if (stdout.length > STDERR_TAIL_LINES)
                            stdout.shift();
                    },
                    errline: line => {
                        options.logger.info(line);
                        onLine?.(line);
                        stderr.push(line);
                        if (stderr.length > STDERR_TAIL_LINES)
                            stderr.shift();
                    }
                }
            });
        }
        catch (error) {
            // @actions/exec throws before starting when the executable is not found.
            if (program !== options.python)
                throw new BuildError(`'${program}' cannot be run: ${error.message}`, command);
            throw new BuildError(`Input 'python' (${options.python}) cannot be run: ${error.message}. ` +
                "Set 'python' to an interpreter that has the 'build' package (e.g. python3 after actions/setup-python and pip install build).", command);
        }
        (0,trace/* trace */.u)('build command end');
        const tail = stderr.join('\n');
        if (code !== 0) {
            const output = `${stdout.join('\n')}\n${tail}`;
            const hint = /No module named build\b/.test(tail)
                ? ` (the interpreter of input 'python' has no 'build' package: pip install build)`
                : !options.isolation
                    ? await missingBackendHint(output, options)
                    : '';
            const gapHint = hint === '' ? await this.sdistHint(output, sourceDir, step.outputDir) : '';
            throw new BuildError(`${command.join(' ')} exited with code ${code}${hint}${gapHint}`, command, tail);
        }
        return command;
    }
    /** When the wheel failed to build from the sdist (an sdist and no wheel in the output), what the sdist lacks. */
    async sdistHint(output, sourceDir, outputDir) {
        if (!(this.options.wheelFromSdist ?? true))
            return '';
        // build and uv stop after writing the sdist; hatch wrote it before building in the unpacked sdist
        const written = await (0,promises_.readdir)(outputDir).catch(() => []);
        const sdist = written.find(name => formatOf(name) === 'sdist');
        if (sdist === undefined || written.some(name => formatOf(name) === 'wheel'))
            return '';
        return fromSdistHint(output, sourceDir, (0,external_node_path_.join)(outputDir, sdist));
    }
}
/**
 * With isolation off the backend must be installed already; when the build failed because it is
 * not, name the requirement from [build-system] requires that provides it.
 */
async function missingBackendHint(stderr, options) {
    const module = /Backend '([\w.]+)' is not available/.exec(stderr)?.[1] ?? /Cannot import '([\w.]+)'/.exec(stderr)?.[1] ?? /No module named '([\w.]+)'/.exec(stderr)?.[1];
    if (module === undefined)
        return '';
    let requires = [];
    try {
        const toml = (0,dist/* parse */.qg)(await (0,promises_.readFile)((0,external_node_path_.join)(options.projectDir, 'pyproject.toml'), 'utf8'));
        const listed = toml['build-system']?.requires;
        if (Array.isArray(listed))
            requires = listed.filter((r) => typeof r === 'string');
    }
    catch {
        // the build already said what is wrong with pyproject.toml
    }
    const parts = module.split('.');
    // poetry.core.masonry.api is provided by poetry-core, flit_core.buildapi by flit_core, hatchling.build by hatchling
    const candidates = [parts.slice(0, 2).join('-'), parts[0]].map(names/* normalizeName */.P);
    const requirement = requires.find(r => candidates.includes((0,names/* normalizeName */.P)((0,names/* requirementName */.x)(r) ?? ''))) ?? parts[0];
    return (` (build-isolation is false, so the build backend must already be installed for '${options.python}', and '${module}' is not: ` +
        `run '${options.python} -m pip install "${requirement}"', or set build-isolation: true)`);
}
/**
 * How two builds of the same source differ, one line per file; [] when every file is byte-identical.
 * A setuptools sdist (its `*.egg-info/` says so) whose members are all the same differs only where
 * setuptools cannot help it: it writes the sdist with the files' own times and the gzip header's
 * current time, not SOURCE_DATE_EPOCH (pypa/setuptools#2133, open since 2020). That file goes to
 * `tolerated` (a warning), not to the differences: no setting of the project's would change it.
 */
async function compareBuilds(first, second, tolerated = []) {
    const differences = [];
    const seconds = new Map(second.map(a => [a.filename, a]));
    for (const artifact of first) {
        const other = seconds.get(artifact.filename);
        seconds.delete(artifact.filename);
        if (other === undefined) {
            differences.push(`${artifact.filename} was not built the second time`);
            continue;
        }
        if (other.sha256 === artifact.sha256)
            continue;
        const ours = (await (0,archive/* readArchive */.bL)(artifact.path)).members;
        const members = (0,archive/* memberDifferences */.Tp)(ours, (await (0,archive/* readArchive */.bL)(other.path)).members);
        if (members.length === 0 && artifact.format === 'sdist' && ours.some(member => /^[^/]+\/(.+\/)?[^/]+\.egg-info\/PKG-INFO$/.test(member.name))) {
            tolerated.push(`${artifact.filename}: the two builds differ only in timestamps (every member is the same): setuptools writes sdists with ` +
                "the time of building, whatever SOURCE_DATE_EPOCH says (pypa/setuptools#2133); the wheels are what 'check-reproducible' vouches for");
            continue;
        }
        differences.push(members.length === 0
            ? `${artifact.filename}: only timestamps or archive metadata differ (every member is the same); set SOURCE_DATE_EPOCH or use a backend that honours it`
            : `${artifact.filename}: member contents differ: ${members.slice(0, 5).join(', ')}${members.length > 5 ? ` and ${members.length - 5} more` : ''}`);
    }
    for (const name of seconds.keys())
        differences.push(`${name} was built only the second time`);
    return differences;
}
/** A stale file from an earlier build must never be published: the directory starts empty. */
async function prepareOutputDir(dir) {
    await (0,promises_.mkdir)(dir, { recursive: true });
    const present = await (0,promises_.readdir)(dir);
    if (present.length > 0) {
        throw new BuildError(`the build output directory ${dir} is not empty (${present.slice(0, 3).join(', ')}); it must start empty`);
    }
}
/**
 * Backends that honour SOURCE_DATE_EPOCH (hatchling, flit, setuptools' wheels) rebuild
 * byte-identically when it is the last commit's time; the caller's own value wins.
 */
async function withSourceDateEpoch(env, projectDir, logger) {
    if (env['SOURCE_DATE_EPOCH'])
        return env;
    try {
        const { exitCode, stdout } = await exec/* getExecOutput */.H('git', ['log', '-1', '--format=%ct'], {
            cwd: projectDir,
            silent: true,
            ignoreReturnCode: true
        });
        const epoch = stdout.trim();
        if (exitCode !== 0 || !/^\d+$/.test(epoch))
            return env;
        logger.info(`SOURCE_DATE_EPOCH=${epoch} (the last commit's time)`);
        return { ...env, SOURCE_DATE_EPOCH: epoch };
    }
    catch {
        return env; // no git: builds are still correct, only not reproducible
    }
}
function formatOf(filename) {
    if (filename.endsWith('.whl'))
        return 'wheel';
    if (filename.endsWith('.tar.gz'))
        return 'sdist';
    return undefined;
}
/**
 * Every file the build wrote: one sdist, at least one wheel, nothing else. Sdist first, then wheels by
 * name; `early` holds the descriptions begun while the build still ran.
 */
async function describeOutput(dir, early = new Map()) {
    const names = (await (0,promises_.readdir)(dir)).sort();
    const unexpected = names.filter(name => formatOf(name) === undefined);
    const sdists = names.filter(name => formatOf(name) === 'sdist');
    const wheels = names.filter(name => formatOf(name) === 'wheel');
    if (unexpected.length > 0)
        throw new BuildError(`the build wrote unexpected files: ${unexpected.join(', ')}`);
    if (sdists.length !== 1 || wheels.length === 0) {
        throw new BuildError(`the build wrote ${sdists.length} sdists and ${wheels.length} wheels; expected one sdist and at least one wheel`);
    }
    // One file at a time: each file's digests already run on every core, and files described at once
    // add up their read buffers (ten files at once peaked 250 MiB in bench:upload).
    const artifacts = [];
    for (const name of [...sdists, ...wheels]) {
        artifacts.push(await (early.get(name) ?? describeArtifact((0,external_node_path_.join)(dir, name))));
    }
    return artifacts;
}
/** The one metadata file of a distribution: `<name>.dist-info/METADATA` or `<top>/PKG-INFO`. */
function isMetadataFile(format, member) {
    const parts = member.split('/');
    return format === 'wheel' ? parts.length === 2 && parts[0].endsWith('.dist-info') && parts[1] === 'METADATA' : parts.length === 2 && parts[1] === 'PKG-INFO';
}
/** What inspection reads whole: the metadata file, and a wheel's RECORD and WHEEL. */
function isKept(format, member) {
    const parts = member.split('/');
    const wheelFile = format === 'wheel' && parts.length === 2 && parts[0].endsWith('.dist-info') && (parts[1] === 'RECORD' || parts[1] === 'WHEEL');
    return wheelFile || isMetadataFile(format, member);
}
/** Digests, reads and inspects one built file; a BuildError lists every reason it is not fit to publish. */
async function describeArtifact(path) {
    const filename = (0,external_node_path_.basename)(path);
    const format = formatOf(filename);
    let digests;
    let contents;
    try {
        ;
        [digests, contents] = await Promise.all([(0,digest/* digestFile */.TM)(path), (0,archive/* readArchive */.bL)(path, member => isKept(format, member))]);
    }
    catch (error) {
        // yauzl refuses entries with absolute paths or '..' ("invalid relative path: ../x")
        throw new BuildError(`${filename} cannot be read as a ${format}: ${error.message}`);
    }
    const metadataFiles = [...contents.kept.keys()].filter(member => isMetadataFile(format, member));
    if (metadataFiles.length !== 1) {
        const what = format === 'wheel' ? '*.dist-info/METADATA' : '{name}-{version}/PKG-INFO';
        throw new BuildError(`${filename} has ${metadataFiles.length === 0 ? 'no' : metadataFiles.length} ${what}: it is not a valid ${format}`);
    }
    const member = metadataFiles[0];
    const fields = (0,build_metadata/* parseCoreMetadata */.U)(contents.kept.get(member).toString('utf8'));
    const inspection = inspectArtifact(filename, format, contents, fields, member);
    if (inspection.errors.length > 0)
        throw new BuildError(`${filename} is not fit to publish:\n- ${inspection.errors.join('\n- ')}`);
    let metadata;
    try {
        metadata = (0,build_metadata/* toPackageMetadata */.x)(fields, `${filename}:${member}`);
    }
    catch (error) {
        throw new BuildError(error.message);
    }
    const { sha256, md5, blake2b_256, size } = digests;
    return {
        path,
        filename,
        format,
        size,
        sha256,
        md5,
        blake2b_256,
        metadata,
        coreMetadata: fields,
        contents: { files: inspection.files, largest: inspection.largest, warnings: inspection.warnings, record: inspection.record }
    };
}
/** The files of one build should describe one release; say so when they do not. */
function disagreements(artifacts) {
    const first = artifacts[0];
    if (!first)
        return [];
    return artifacts
        .filter(a => a.metadata.name !== first.metadata.name || a.metadata.version !== first.metadata.version)
        .map(a => ({
        level: 'warning',
        title: 'Built files disagree',
        message: `${a.filename} is ${a.metadata.name} ${a.metadata.version}, but ${first.filename} is ${first.metadata.name} ${first.metadata.version}`
    }));
}


/***/ }),

/***/ 24726:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q3: () => (/* binding */ sha256File),
/* harmony export */   TM: () => (/* binding */ digestFile)
/* harmony export */ });
/* unused harmony export PARALLEL_THRESHOLD */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(75919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var hash_wasm_dist_blake2b_umd_min_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(6427);
/* harmony import */ var hash_wasm_dist_blake2b_umd_min_js__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__nccwpck_require__.n(hash_wasm_dist_blake2b_umd_min_js__WEBPACK_IMPORTED_MODULE_5__);
// Digests of the built files: sha256, md5 and blake2b-256, the three PyPI's upload form
// carries. Node's crypto has no blake2b-256 (its blake2b512 is another function and refuses a
// 32-byte output), so blake2b-256 comes from hash-wasm's WASM build, chosen by measurement
// (about 1.1 s per GiB here; a pure-JS blake2b took about 24 s). A large file is hashed on
// three threads at once: sha256 and md5 each in a worker thread that reads the file itself
// (from the page cache), blake2b-256 on the calling thread. Small files take one pass.






const { createBLAKE2b } = (hash_wasm_dist_blake2b_umd_min_js__WEBPACK_IMPORTED_MODULE_5___default());
/** Below this a file is hashed in one pass on the calling thread: starting workers costs more. */
const PARALLEL_THRESHOLD = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024;
async function sha256File(path) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_3__.pipeline)((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path), hash);
    return hash.digest('hex');
}
/**
 * The workers' code, kept as source so that the bundle needs no separate file: node:crypto only. A
 * worker serves one request after another ({ id, path, algorithm } in, { id, digest | error } out), so
 * a run that digests many large files (a publish job receiving a matrix's wheels) starts two workers,
 * not two per file (each start costs about 30 ms of CPU). It reads into one reused buffer: a stream's
 * fresh 1 MiB buffer per chunk is memory outside the JS heap that the garbage collector frees late,
 * and three threads of it cost 300 MB.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { openSync, readSync, closeSync, fstatSync, constants } = require('node:fs')
const buffer = Buffer.allocUnsafe(${CHUNK})
parentPort.on('message', ({ id, path, algorithm }) => {
  try {
    const hash = createHash(algorithm)
    // never through a link, never blocking on a FIFO put in a file's place: a regular file or an error
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    try {
      if (!fstatSync(fd).isFile()) throw new Error('not a regular file')
      for (let read; (read = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read))
    } finally {
      closeSync(fd)
    }
    parentPort.postMessage({ id, digest: hash.digest('hex') })
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) })
  }
})
`;
/** Calls `use` with each chunk of a file, read into one reused buffer (see WORKER_SOURCE). */
async function eachChunk(path, use) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    try {
        if (!(await handle.stat()).isFile())
            throw new Error(`${path} is not a regular file`);
        const buffer = Buffer.allocUnsafe(CHUNK);
        for (let read; (read = (await handle.read(buffer, 0, buffer.length, null)).bytesRead) > 0;)
            use(buffer.subarray(0, read));
    }
    finally {
        await handle.close();
    }
}
/**
 * One long-lived hashing thread for one algorithm, started on first use. It holds the process open only
 * while it has work (idle, it is unref'd), and one that stops is replaced on the next request, its
 * pending requests failed.
 */
class HashWorker {
    algorithm;
    worker;
    next = 0;
    pending = new Map();
    constructor(algorithm) {
        this.algorithm = algorithm;
    }
    start() {
        const worker = new node_worker_threads__WEBPACK_IMPORTED_MODULE_4__.Worker(WORKER_SOURCE, { eval: true });
        worker.on('message', (message) => {
            const request = this.pending.get(message.id);
            if (!request)
                return;
            this.pending.delete(message.id);
            if (message.digest !== undefined)
                request.resolve(message.digest);
            else
                request.reject(new Error(`cannot read ${request.path}: ${message.error}`));
            if (this.pending.size === 0)
                worker.unref();
        });
        const fail = (error) => {
            if (this.worker === worker)
                this.worker = undefined;
            for (const request of this.pending.values())
                request.reject(error);
            this.pending.clear();
        };
        worker.on('error', fail);
        worker.on('exit', code => fail(new Error(`the ${this.algorithm} worker stopped with code ${code}`)));
        return worker;
    }
    digest(path) {
        this.worker ??= this.start();
        const worker = this.worker;
        const id = this.next++;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { path, resolve, reject });
            worker.ref();
            worker.postMessage({ id, path, algorithm: this.algorithm });
        });
    }
}
const workers = { sha256: new HashWorker('sha256'), md5: new HashWorker('md5') };
function hashInWorker(path, algorithm) {
    return workers[algorithm].digest(path);
}
async function blake2bOf(path) {
    const hash = await createBLAKE2b(256);
    hash.init();
    await eachChunk(path, chunk => hash.update(chunk));
    return hash.digest('hex');
}
/** All three digests of one file: one pass for a small file, three threads for a large one. */
async function digestFile(path) {
    const { size } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
    if (size < PARALLEL_THRESHOLD) {
        const sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        const md5 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('md5');
        const blake2b = await createBLAKE2b(256);
        blake2b.init();
        await eachChunk(path, chunk => {
            sha256.update(chunk);
            md5.update(chunk);
            blake2b.update(chunk);
        });
        return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), blake2b_256: blake2b.digest('hex'), size };
    }
    const [sha256, md5, blake2b_256] = await Promise.all([hashInWorker(path, 'sha256'), hashInWorker(path, 'md5'), blake2bOf(path)]);
    return { sha256, md5, blake2b_256, size };
}


/***/ }),

/***/ 52691:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HN: () => (/* binding */ writeManifest),
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   Sh: () => (/* binding */ ManifestError),
/* harmony export */   V4: () => (/* binding */ MANIFEST_MAX_BYTES),
/* harmony export */   V6: () => (/* binding */ manifestFileName),
/* harmony export */   Xo: () => (/* binding */ releaseManifest),
/* harmony export */   oe: () => (/* binding */ readManifestFile),
/* harmony export */   pj: () => (/* binding */ plain),
/* harmony export */   zU: () => (/* binding */ isManifestName)
/* harmony export */ });
/* unused harmony exports MANIFEST_VERSION, MANIFEST_CERTIFICATION_STATUSES, MANIFEST_FRONTENDS, INSPECTION_VERDICTS */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
// The release manifest: what a build job vouches for, written beside its files and read by the job
// that publishes them (which did not build them). A versioned contract, so a publish job running an
// older python-release-action refuses what it cannot read rather than misreading it:
//
//   manifest_version  1 (an integer; a reader refuses a higher one)
//   critical          optional: names of extension fields a reader must understand (version 1 knows none,
//                     so any entry is refused); other unknown fields are ignored, so a writer may add
//                     informative fields without a new version
//   project, version  the release, as the build job saw it (the files' own metadata is the truth)
//   certification     { status: PASS | FAIL | PARTIAL | NOT-RUN, checks: [{ name, status, message }] }
//   source            { repository, sha, ref, workflow, job, run_id, run_attempt }: strings or null
//   builder           { frontend: build | uv | hatch | hatchling, python: string or null }
//   runner            { os, arch }: strings or null
//   artifact          the artifact name the files were uploaded as, or null
//   files             [{ filename, format: sdist | wheel, size, sha256, md5, blake2b_256, name, version,
//                        requires_python (string or null), inspection: { verdict: ok | warnings | errors, messages },
//                        description (optional): { renders: boolean, message, renderer } — the reST long description
//                        rendered as PyPI renders it, by the build job's Python (a receiving job has none) }]
//
// The text comes from another job's artifact, so it is hostile: parseManifest checks every field, and
// its errors quote at most a short, escaped excerpt of it.




const MANIFEST_VERSION = 1;
/** A manifest lists a few dozen files; anything near this is not one of ours. */
const MANIFEST_MAX_BYTES = 1024 * 1024;
/** Extension fields this reader understands when a manifest marks them critical (none yet). */
const KNOWN_CRITICAL = new Set();
const MANIFEST_CERTIFICATION_STATUSES = ['PASS', 'FAIL', 'PARTIAL', 'NOT-RUN'];
const MANIFEST_FRONTENDS = ['build', 'uv', 'hatch', 'hatchling'];
const INSPECTION_VERDICTS = ['ok', 'warnings', 'errors'];
/** A manifest that cannot be trusted or read; the message names where it came from and what is wrong. */
class ManifestError extends Error {
    name = 'ManifestError';
}
/** Hostile text for a message: escaped (no line breaks, no control characters) and at most `max` characters. */
function excerpt(text, max = 40) {
    const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
    return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\']/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
/** Hostile text as `excerpt` makes it, without the quotes around it (for text that follows a colon). */
function plain(text, max = 100) {
    return excerpt(text, max).slice(1, -1);
}
const PLAIN = /^[A-Za-z0-9._-]$/;
/** Long artifact names are cut and the cut is made unique with a hash, so the name stays a valid file name. */
const MAX_ENCODED = 160;
/**
 * The manifest's file name for an artifact: several jobs' artifacts downloaded with merge-multiple
 * land in one directory, so each manifest carries its artifact's name. Characters outside
 * [A-Za-z0-9._-] are percent-encoded (artifact names are unique in a run, and the encoding keeps them
 * apart); a long name is cut and ends in a hash of the whole.
 */
function manifestFileName(artifactName, digest) {
    // the manifest's own digest in its name: two jobs' manifests never share a name, even when the jobs
    // share an artifact name (matrix legs share GITHUB_JOB; dist-dirs uploaded by actions/upload-artifact)
    const suffix = digest ? `.${digest.slice(0, 12)}` : '';
    if (!artifactName)
        return suffix ? `release-manifest${suffix}.json` : 'release-manifest.json';
    let encoded = '';
    for (const char of artifactName) {
        encoded += PLAIN.test(char) ? char : [...Buffer.from(char, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    }
    if (encoded.length > MAX_ENCODED) {
        encoded = `${encoded.slice(0, MAX_ENCODED - 17)}~${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(artifactName).digest('hex').slice(0, 16)}`;
    }
    return `release-manifest.${encoded}${suffix}.json`;
}
/** Whether a directory entry is a release manifest (one of ours, by name). */
function isManifestName(name) {
    return name === 'release-manifest.json' || /^release-manifest\.[A-Za-z0-9._%~-]{1,200}\.json$/.test(name);
}
/** The manifest a build job writes for its files. */
function releaseManifest(release) {
    const { env, certification } = release;
    return {
        manifest_version: MANIFEST_VERSION,
        project: release.project,
        version: release.version,
        certification: certification
            ? { status: certification.status, checks: certification.checks.map(c => ({ name: c.name, status: c.status, message: c.message })) }
            : { status: 'NOT-RUN', checks: [] },
        source: {
            repository: env.repository ?? null,
            sha: env.sha ?? null,
            ref: env.ref ?? null,
            workflow: env.workflow ?? null,
            job: env.job ?? null,
            run_id: env.runId ?? null,
            run_attempt: env.runAttempt ?? null
        },
        builder: { frontend: release.frontend, python: release.python ?? null },
        runner: { os: env.runnerOs ?? null, arch: env.runnerArch ?? null },
        artifact: release.artifact ?? null,
        files: release.artifacts.map(a => {
            const warnings = [...(a.contents?.warnings ?? []), ...(a.contents?.record ?? [])];
            return {
                filename: a.filename,
                format: a.format,
                size: a.size,
                sha256: a.sha256,
                md5: a.md5,
                blake2b_256: a.blake2b_256,
                name: a.metadata.name,
                version: a.metadata.version,
                requires_python: a.metadata.requiresPython ?? null,
                // a file with inspection errors is never built (describeArtifact refuses it), so 'errors' only comes from other writers
                inspection: { verdict: warnings.length > 0 ? 'warnings' : 'ok', messages: [...warnings] },
                ...(a.description ? { description: a.description } : {})
            };
        })
    };
}
/**
 * Writes the manifest into `dir` under manifestFileName(manifest.artifact); returns its path. It is
 * read back through parseManifest first, so a job never hands on a manifest the publish job would refuse.
 */
async function writeManifest(dir, manifest) {
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, manifestFileName(manifest.artifact, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex')));
    parseManifest(text, path);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(path, text);
    return path;
}
// ---- reading -----------------------------------------------------------------
/** Reads a manifest without following a link or blocking on a FIFO, and no more than a manifest can hold. */
async function readManifestFile(path, where) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NOFOLLOW | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    try {
        const stats = await handle.stat();
        if (!stats.isFile())
            throw new ManifestError(`The release manifest ${where} cannot be used: it is not a regular file; it was not read`);
        if (stats.size > MANIFEST_MAX_BYTES) {
            throw new ManifestError(`The release manifest ${where} cannot be used: it is ${stats.size} bytes; a manifest is at most ${MANIFEST_MAX_BYTES}`);
        }
        const buffer = Buffer.alloc(MANIFEST_MAX_BYTES + 1);
        let length = 0;
        for (let read; length < buffer.length && (read = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead) > 0;)
            length += read;
        if (length > MANIFEST_MAX_BYTES)
            throw new ManifestError(`The release manifest ${where} cannot be used: it is more than ${MANIFEST_MAX_BYTES} bytes`);
        try {
            return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
        }
        catch {
            throw new ManifestError(`The release manifest ${where} cannot be used: it is not UTF-8 text`);
        }
    }
    finally {
        await handle.close();
    }
}
/** Checks one value at a path (`files[2].sha256`) and says what it should have been. */
class Reader {
    where;
    constructor(where) {
        this.where = where;
    }
    fail(path, problem) {
        throw new ManifestError(`The release manifest ${this.where} cannot be used: ${path} ${problem}`);
    }
    /** What the value is, for a message: its type, or a short escaped excerpt of a string or number. */
    shown(value) {
        if (value === null)
            return 'null';
        if (Array.isArray(value))
            return 'a list';
        if (typeof value === 'string')
            return `the text ${excerpt(value)}`;
        if (typeof value === 'number')
            return `the number ${excerpt(String(value), 20)}`;
        if (typeof value === 'boolean')
            return String(value);
        return 'an object';
    }
    object(value, path) {
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            this.fail(path, `must be an object, not ${this.shown(value)}`);
        return value;
    }
    field(object, key, path) {
        if (!Object.hasOwn(object, key))
            this.fail(`${path}${key}`, 'is missing');
        return object[key];
    }
    string(value, path, nonEmpty = true) {
        if (typeof value !== 'string')
            this.fail(path, `must be a string, not ${this.shown(value)}`);
        if (nonEmpty && value.trim() === '')
            this.fail(path, 'must not be empty');
        return value;
    }
    nullableString(value, path) {
        return value === null ? null : this.string(value, path, false);
    }
    oneOf(value, allowed, path) {
        if (typeof value !== 'string' || !allowed.includes(value)) {
            this.fail(path, `must be one of ${allowed.join(', ')}, not ${this.shown(value)}`);
        }
        return value;
    }
    list(value, path) {
        if (!Array.isArray(value))
            this.fail(path, `must be a list, not ${this.shown(value)}`);
        return value;
    }
    hex(value, length, path) {
        const text = this.string(value, path);
        if (text.length !== length || !/^[0-9a-f]+$/.test(text))
            this.fail(path, `must be ${length} lowercase hexadecimal digits, not ${this.shown(value)}`);
        return text;
    }
}
/** Why a filename from a manifest is not a plain distribution file name, or undefined. */
function unsafeFilename(filename, format) {
    if (/[/\\]/.test(filename))
        return 'must be a plain file name (no slash or backslash)';
    if (filename.includes('..'))
        return "must not contain '..'";
    if (/[\u0000-\u001f\u007f]/.test(filename))
        return 'must not contain control characters';
    if (Buffer.byteLength(filename) > 255)
        return 'is longer than a file name can be (255 bytes)';
    if (!filename.endsWith(format === 'wheel' ? '.whl' : '.tar.gz'))
        return `must end in ${format === 'wheel' ? '.whl' : '.tar.gz'} for a ${format}`;
    return undefined;
}
/**
 * Reads and checks a manifest's text. `where` names it in errors (an artifact name or a path). Throws
 * ManifestError naming the first thing wrong: not JSON, a newer or unknown manifest_version, an unknown
 * critical extension, a missing or mistyped field, a digest that is not lowercase hex of its length, a
 * filename that is not a plain name, a filename listed twice.
 */
function parseManifest(text, where) {
    const read = new Reader(where);
    const bytes = Buffer.byteLength(text);
    if (bytes > MANIFEST_MAX_BYTES) {
        throw new ManifestError(`The release manifest ${where} cannot be used: it is ${bytes} bytes; a manifest is at most ${MANIFEST_MAX_BYTES}`);
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        // JSON.parse's message quotes the text; say only where it broke
        const position = /position (\d+)/.exec(String(error.message))?.[1];
        throw new ManifestError(`The release manifest ${where} cannot be used: it is not valid JSON${position ? ` (at character ${position})` : ''}`);
    }
    const top = read.object(json, 'the manifest');
    const version = read.field(top, 'manifest_version', '');
    if (typeof version !== 'number' || !Number.isInteger(version))
        read.fail('manifest_version', `must be an integer, not ${read.shown(version)}`);
    if (version > MANIFEST_VERSION) {
        throw new ManifestError(`The release manifest ${where} cannot be used: it has manifest_version ${version}, written by a newer python-release-action than this one ` +
            `(which reads version ${MANIFEST_VERSION}); use the same release of the action in the build and publish jobs`);
    }
    if (version < 1)
        read.fail('manifest_version', `is ${version}, which no python-release-action writes (this one reads ${MANIFEST_VERSION})`);
    let critical;
    if (Object.hasOwn(top, 'critical')) {
        critical = read.list(top['critical'], 'critical').map((entry, i) => read.string(entry, `critical[${i}]`));
        const unknown = critical.find(entry => !KNOWN_CRITICAL.has(entry));
        if (unknown !== undefined) {
            throw new ManifestError(`The release manifest ${where} cannot be used: it marks the extension field ${excerpt(unknown)} critical, which this python-release-action ` +
                `does not understand (a newer release of the action wrote it?); use the same release of the action in the build and publish jobs`);
        }
    }
    const certificationObject = read.object(read.field(top, 'certification', ''), 'certification');
    const certification = {
        status: read.oneOf(read.field(certificationObject, 'status', 'certification.'), MANIFEST_CERTIFICATION_STATUSES, 'certification.status'),
        checks: read.list(read.field(certificationObject, 'checks', 'certification.'), 'certification.checks').map((value, i) => {
            const path = `certification.checks[${i}]`;
            const check = read.object(value, path);
            return {
                name: read.string(read.field(check, 'name', `${path}.`), `${path}.name`),
                status: read.string(read.field(check, 'status', `${path}.`), `${path}.status`),
                message: read.string(read.field(check, 'message', `${path}.`), `${path}.message`, false)
            };
        })
    };
    const sourceObject = read.object(read.field(top, 'source', ''), 'source');
    const sourceField = (key) => read.nullableString(read.field(sourceObject, key, 'source.'), `source.${key}`);
    const source = {
        repository: sourceField('repository'),
        sha: sourceField('sha'),
        ref: sourceField('ref'),
        workflow: sourceField('workflow'),
        job: sourceField('job'),
        run_id: sourceField('run_id'),
        run_attempt: sourceField('run_attempt')
    };
    // a publish job tags its GitHub Release at this commit: a SHA-1 or SHA-256 object name, nothing else
    if (source.sha !== null && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(source.sha)) {
        read.fail('source.sha', `must be a commit's full SHA (40 or 64 lowercase hex characters) or null, not ${read.shown(source.sha)}`);
    }
    const builderObject = read.object(read.field(top, 'builder', ''), 'builder');
    const builder = {
        frontend: read.oneOf(read.field(builderObject, 'frontend', 'builder.'), MANIFEST_FRONTENDS, 'builder.frontend'),
        python: read.nullableString(read.field(builderObject, 'python', 'builder.'), 'builder.python')
    };
    const runnerObject = read.object(read.field(top, 'runner', ''), 'runner');
    const runner = {
        os: read.nullableString(read.field(runnerObject, 'os', 'runner.'), 'runner.os'),
        arch: read.nullableString(read.field(runnerObject, 'arch', 'runner.'), 'runner.arch')
    };
    const seen = new Set();
    const files = read.list(read.field(top, 'files', ''), 'files').map((value, i) => {
        const path = `files[${i}]`;
        const file = read.object(value, path);
        const get = (key) => read.field(file, key, `${path}.`);
        const format = read.oneOf(get('format'), ['sdist', 'wheel'], `${path}.format`);
        const filename = read.string(get('filename'), `${path}.filename`);
        const unsafe = unsafeFilename(filename, format);
        if (unsafe)
            read.fail(`${path}.filename`, `${unsafe}, not ${read.shown(filename)}`);
        if (seen.has(filename))
            read.fail(`${path}.filename`, `lists ${excerpt(filename)} a second time`);
        seen.add(filename);
        const size = get('size');
        if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
            read.fail(`${path}.size`, `must be a whole number of bytes, not ${read.shown(size)}`);
        }
        const inspectionObject = read.object(get('inspection'), `${path}.inspection`);
        let description;
        if (Object.hasOwn(file, 'description') && file['description'] !== null) {
            const verdict = read.object(file['description'], `${path}.description`);
            const renders = read.field(verdict, 'renders', `${path}.description.`);
            if (typeof renders !== 'boolean')
                read.fail(`${path}.description.renders`, `must be true or false, not ${read.shown(renders)}`);
            description = {
                renders,
                message: read.string(read.field(verdict, 'message', `${path}.description.`), `${path}.description.message`, false).slice(0, 2000),
                renderer: read.string(read.field(verdict, 'renderer', `${path}.description.`), `${path}.description.renderer`).slice(0, 100)
            };
        }
        return {
            filename,
            format,
            size,
            sha256: read.hex(get('sha256'), 64, `${path}.sha256`),
            md5: read.hex(get('md5'), 32, `${path}.md5`),
            blake2b_256: read.hex(get('blake2b_256'), 64, `${path}.blake2b_256`),
            name: read.string(get('name'), `${path}.name`),
            version: read.string(get('version'), `${path}.version`),
            requires_python: read.nullableString(get('requires_python'), `${path}.requires_python`),
            inspection: {
                verdict: read.oneOf(read.field(inspectionObject, 'verdict', `${path}.inspection.`), INSPECTION_VERDICTS, `${path}.inspection.verdict`),
                messages: read
                    .list(read.field(inspectionObject, 'messages', `${path}.inspection.`), `${path}.inspection.messages`)
                    .map((message, j) => read.string(message, `${path}.inspection.messages[${j}]`, false))
            },
            ...(description ? { description } : {})
        };
    });
    return {
        manifest_version: MANIFEST_VERSION,
        ...(critical ? { critical } : {}),
        project: read.string(read.field(top, 'project', ''), 'project'),
        version: read.string(read.field(top, 'version', ''), 'version'),
        certification,
        source,
        builder,
        runner,
        artifact: read.nullableString(read.field(top, 'artifact', ''), 'artifact'),
        files
    };
}


/***/ }),

/***/ 84443:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ parseCoreMetadata),
/* harmony export */   x: () => (/* binding */ toPackageMetadata)
/* harmony export */ });
function parseCoreMetadata(text) {
    const fields = new Map();
    let last;
    const lines = text.split(/\r?\n/);
    for (const [index, line] of lines.entries()) {
        if (line === '') {
            // the body is the long description (metadata 2.1+), unless a Description field gave it
            const body = lines.slice(index + 1).join('\n');
            if (body.trim() !== '' && !fields.has('description'))
                fields.set('description', [body]);
            break;
        }
        if (/^[ \t]/.test(line) && last) {
            last[last.length - 1] += `\n${line.trim()}`;
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const values = fields.get(name) ?? [];
        values.push(line.slice(colon + 1).trim());
        fields.set(name, values);
        last = values;
    }
    return fields;
}
/** The fields the release needs; `source` names the file in the error when one is missing. */
function toPackageMetadata(fields, source) {
    const field = (name) => fields.get(name.toLowerCase())?.[0];
    const required = (name) => {
        const value = field(name);
        if (value === undefined || value === '')
            throw new Error(`${source} has no ${name} field`);
        return value;
    };
    return {
        metadataVersion: required('Metadata-Version'),
        name: required('Name'),
        version: required('Version'),
        summary: field('Summary'),
        requiresPython: field('Requires-Python')
    };
}


/***/ }),

/***/ 6322:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Kl: () => (/* binding */ requirementsChecked),
/* harmony export */   Wz: () => (/* binding */ requirementHooksReadOnly),
/* harmony export */   Yx: () => (/* binding */ BUILD_REQUIREMENTS),
/* harmony export */   gU: () => (/* binding */ buildRequirementsProblem)
/* harmony export */ });
/* unused harmony export checkRequirements */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(22876);
/* harmony import */ var smol_toml__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3292);
// Build requirements without isolation (issue 15, pattern 4): `--no-isolation --skip-dependency-check`
// builds with whatever the interpreter has, so a `[build-system] requires` the environment does not
// satisfy (a backend range, a plugin) used to build anyway, with the wrong backend or without the plugin.
// Here each requirement — the static `requires` and what the backend's get_requires_for_build_sdist/wheel
// return — is checked against the interpreter's installed distributions by the interpreter itself,
// with `packaging` (PEP 508 markers, specifiers, extras) and importlib.metadata, as PyPA's build does.




const BUILD_REQUIREMENTS = ['check', 'ignore'];
/**
 * PEP 517/518's fallback for a project without pyproject.toml or without [build-system] (six, setup.py
 * only), as PyPA's build has it: `_DEFAULT_BACKEND = {'build-backend': 'setuptools.build_meta:__legacy__',
 * 'requires': ['setuptools >= 40.8.0']}` (pypa/build src/build/_builder.py, lines 54-57 at b317437).
 * Its 0.9 (Debian 12) also listed `wheel`; build 1.1 dropped it (0aced36, #716) because setuptools'
 * get_requires_for_build_wheel hook returns it where that setuptools needs it (before 70.1), and the hook
 * is asked here too: requiring wheel outright would refuse a setuptools >= 70.1 that builds without it.
 */
const DEFAULT_BUILD_SYSTEM = { requires: ['setuptools >= 40.8.0'], backend: 'setuptools.build_meta:__legacy__' };
const MARKER = 'PYTHON_RELEASE_REQUIREMENTS_JSON:';
// Runs in one fresh interpreter, in the source directory, like a PEP 517 frontend's hook runner; asks
// each hook in turn (one interpreter start, not one per hook) and writes {hook: answer} as JSON.
const HOOK_SCRIPT = String.raw `
import importlib, json, os, sys
backend, paths, hooks, out = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
for path in reversed(paths):
    sys.path.insert(0, os.path.abspath(path))
module_name, _, attrs = backend.partition(':')
answers = {}
def write():
    with open(out, 'w') as f:
        json.dump(answers, f)
try:
    target = importlib.import_module(module_name.strip())
    for attr in [a for a in attrs.strip().split('.') if a]:
        target = getattr(target, attr)
except Exception as error:
    answers['unavailable'] = '%s: %s' % (type(error).__name__, error)
    write()
    sys.exit(0)
for hook in hooks:
    function = getattr(target, hook, None)
    try:
        answers[hook] = {'requires': [] if function is None else [str(r) for r in function({})]}
    except BaseException as error:
        answers[hook] = {'failed': '%s: %s' % (type(error).__name__, error)}
    write()
`;
const CHECK_SCRIPT = String.raw `
import json, os, subprocess, sys, tempfile
config = json.loads(sys.argv[1])
marker = sys.argv[2]
hook_script = sys.argv[3]
def done(value):
    sys.stdout.write('\n' + marker + json.dumps(value) + '\n')
    sys.exit(0)
try:
    from packaging.requirements import Requirement, InvalidRequirement
    from packaging.utils import canonicalize_name
except ImportError:
    try:
        from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
        from pip._vendor.packaging.utils import canonicalize_name
    except ImportError:
        done({'error': "it has neither the 'packaging' package nor pip to evaluate requirements with"})
try:
    import importlib.metadata as metadata
except ImportError:
    done({'error': 'it has no importlib.metadata (Python 3.8 or later is needed)'})

def distribution(name):
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        pass
    wanted = canonicalize_name(name)
    for dist in metadata.distributions():
        found = dist.metadata['Name']
        if found and canonicalize_name(found) == wanted:
            return dist
    return None

checked, unmet, notes = [], [], []
def check(text, source):
    try:
        req = Requirement(text)
    except InvalidRequirement as error:
        unmet.append({'requirement': text, 'installed': None, 'why': 'not a valid PEP 508 requirement (%s)' % error, 'source': source})
        return
    written = text.strip()
    if req.marker is not None and not req.marker.evaluate({'extra': ''}):
        checked.append({'requirement': written, 'installed': None, 'source': source, 'skipped': 'marker %s is false here' % req.marker})
        return
    dist = distribution(req.name)
    version = None if dist is None else dist.version
    checked.append({'requirement': written, 'installed': version, 'source': source})
    if dist is None:
        unmet.append({'requirement': written, 'installed': None, 'why': 'not installed', 'source': source})
        return
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        unmet.append({'requirement': written, 'installed': version, 'why': 'installed %s is outside %s' % (version, req.specifier), 'source': source})
        return
    # an extra's own requirements: those its marker turns on (the package's plain dependencies are the installer's business)
    for extra in sorted(req.extras):
        for dep_text in dist.requires or []:
            dep = Requirement(dep_text)
            if dep.marker is None or dep.marker.evaluate({'extra': ''}) or not dep.marker.evaluate({'extra': extra}):
                continue
            dep.marker = None
            dep_dist = distribution(dep.name)
            dep_version = None if dep_dist is None else dep_dist.version
            if dep_dist is None or (dep.specifier and not dep.specifier.contains(dep_version, prereleases=True)):
                unmet.append({'requirement': str(dep), 'installed': dep_version,
                              'why': "needed by %s's extra [%s]; %s" % (req.name, extra, 'not installed' if dep_dist is None else 'installed %s is outside %s' % (dep_version, dep.specifier)),
                              'source': source})

hooks = ['get_requires_for_build_' + kind for kind in config['hookKinds']] if config['hooks'] else []
runner = None
static = None
code = 0
if hooks and config.get('setuptoolsStatic'):
    # what setuptools.build_meta's hooks return with no setup.py and no setup_requires (requirements.ts)
    try:
        from packaging.version import Version
    except ImportError:
        from pip._vendor.packaging.version import Version
    installed = distribution('setuptools')
    if installed is None:
        static = {'unavailable': 'ModuleNotFoundError: setuptools is not installed'}
    else:
        static = {hook: {'requires': ['wheel'] if hook.endswith('_wheel') and Version(installed.version) < Version('70.1') else []} for hook in hooks}
elif hooks:
    handle, out = tempfile.mkstemp(suffix='.json')
    os.close(handle)
    # the hooks run while the static requirements are checked here
    runner = subprocess.Popen([sys.executable, '-c', hook_script, config['backend'], json.dumps(config['backendPath']), json.dumps(hooks), out],
                              stdout=sys.stderr, stdin=subprocess.DEVNULL)
for text in config['requires']:
    check(text, 'requires')
if runner is not None:
    try:
        code = runner.wait()
        with open(out) as f:
            text = f.read()
        answers = json.loads(text) if text else {}
    finally:
        os.unlink(out)
if static is not None:
    answers = static
if hooks:
    if 'unavailable' in answers:
        notes.append("%s not asked: backend '%s' cannot be imported (%s)" % (hooks[0], config['backend'], answers['unavailable']))
        hooks = []
    for hook in hooks:
        answer = answers.get(hook, {'failed': 'exited with code %d' % code})
        if 'failed' in answer:
            notes.append('%s failed (%s); the build will say why' % (hook, answer['failed']))
            continue
        for text in answer['requires']:
            if text not in config['requires'] and not any(c['requirement'] == text and c['source'] == hook for c in checked):
                check(text, hook)
done({'executable': sys.executable, 'checked': checked, 'unmet': unmet, 'notes': notes})
`;
/** The build system pyproject.toml declares, or PEP 517's fallback; undefined when pyproject.toml cannot be read. */
async function buildSystem(sourceDir) {
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(sourceDir, 'pyproject.toml'), 'utf8');
    }
    catch {
        return { ...DEFAULT_BUILD_SYSTEM, backendPath: [], defaulted: true }; // setup.py only
    }
    let table;
    try {
        table = (0,smol_toml__WEBPACK_IMPORTED_MODULE_3__/* .parse */ .qg)(text)['build-system'];
    }
    catch {
        return undefined; // the build names the TOML error
    }
    if (table === undefined)
        return { ...DEFAULT_BUILD_SYSTEM, backendPath: [], defaulted: true };
    const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
    return {
        requires: strings(table['requires']),
        backend: typeof table['build-backend'] === 'string' ? table['build-backend'] : DEFAULT_BUILD_SYSTEM.backend,
        backendPath: strings(table['backend-path'])
    };
}
/** Backends whose get_requires_for_build_* hooks only read the source tree (no in-tree backend-path ones). */
const READ_ONLY_HOOKS = new Set(['flit_core.buildapi', 'hatchling.build', 'poetry.core.masonry.api', 'pdm.backend']);
/**
 * Whether setuptools' requirement hooks can be answered without running them: setuptools.build_meta with
 * no setup.py and no setup_requires in setup.cfg. Its hooks run setup.py (a stand-in
 * `from setuptools import setup; setup()` when there is none: build_meta.py `_open_setup_script`, lines
 * 132-137 at pypa/setuptools 7d53128) under a patch that turns a non-empty setup_requires into their
 * answer (`_get_build_requires`, 291-305), and setup_requires comes only from setup() arguments or
 * setup.cfg (`_install_setup_requires` in setuptools/__init__.py ignores pyproject.toml, 52-74). So
 * without setup.py or setup_requires, get_requires_for_build_sdist returns [] and
 * get_requires_for_build_wheel returns ['wheel'] before setuptools 70.1 (b3d3e93a8 "Adopted the
 * bdist_wheel command from wheel" dropped it) and [] since: the check answers that from the installed
 * setuptools' version, and spares an interpreter that imports setuptools and runs egg_info (writing into
 * the tree, which would keep the hooks from running beside the build).
 */
async function setuptoolsAnswersStatically(sourceDir, system) {
    if (system.backend !== 'setuptools.build_meta' || system.backendPath.length > 0)
        return false;
    const setupPy = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(sourceDir, 'setup.py'), 'utf8').then(() => true, (error) => error.code !== 'ENOENT');
    if (setupPy)
        return false;
    const setupCfg = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(sourceDir, 'setup.cfg'), 'utf8').catch((error) => (error.code === 'ENOENT' ? '' : undefined));
    // setup_requires (or setup-requires: distutils' config reader takes both) anywhere in it: ask the hook
    return setupCfg !== undefined && !/setup[_-]requires/i.test(setupCfg);
}
/**
 * Whether the backend's requirement hooks leave the source tree alone, so that they may run while the
 * backend builds from it; setuptools' write egg-info there (unless answered without running them), and
 * an in-tree backend may do anything.
 */
async function requirementHooksReadOnly(sourceDir) {
    const system = await buildSystem(sourceDir);
    if (system === undefined || system.backendPath.length > 0)
        return false;
    return READ_ONLY_HOOKS.has(system.backend) || (await setuptoolsAnswersStatically(sourceDir, system));
}
/** Checks every build requirement against `python`'s installed distributions, from `sourceDir`. */
async function checkRequirements(python, sourceDir) {
    const system = await buildSystem(sourceDir);
    if (system === undefined)
        return { executable: python, checked: [], unmet: [], notes: ['pyproject.toml cannot be parsed; the build will say why'] };
    // setuptools answers the sdist hook with a subset of the wheel hook's answer (both run setup.py's
    // egg_info; the wheel's adds what bdist_wheel needs), so one run of setup.py is enough there
    const hookKinds = system.backend.startsWith('setuptools.build_meta') ? ['wheel'] : ['sdist', 'wheel'];
    const { defaulted, ...declared } = system;
    const config = { ...declared, hooks: true, hookKinds, setuptoolsStatic: await setuptoolsAnswersStatically(sourceDir, system) };
    let output;
    try {
        output = await _actions_exec__WEBPACK_IMPORTED_MODULE_2__/* .getExecOutput */ .H(python, ['-c', CHECK_SCRIPT, JSON.stringify(config), MARKER, HOOK_SCRIPT], {
            cwd: sourceDir,
            silent: true,
            ignoreReturnCode: true
        });
    }
    catch (error) {
        return { error: `it cannot be run: ${error.message}`, unrunnable: true };
    }
    const line = output.stdout.split('\n').find(l => l.startsWith(MARKER));
    if (line === undefined) {
        const tail = output.stderr.trim().split('\n').slice(-5).join('\n');
        return { error: `the check exited with code ${output.exitCode}${tail === '' ? '' : `:\n${tail}`}` };
    }
    const report = JSON.parse(line.slice(MARKER.length));
    return defaulted && !('error' in report) ? { ...report, defaulted } : report;
}
const describeUnmet = (u) => `${u.requirement} (${u.installed === null ? 'not installed' : `installed: ${u.installed}`}` +
    `${u.why === 'not installed' || u.why.startsWith('installed ') ? '' : `; ${u.why}`}` +
    `${u.source === 'requires' ? '' : `; returned by the backend's ${u.source}`})`;
/**
 * Undefined when the build may go on; otherwise the message of the build's failure: every unmet
 * requirement with what is installed, and the three ways forward.
 */
/** Whether the build uses the interpreter's own packages (no isolated environment), so that its requirements are the interpreter's business. */
const usesInterpreter = (options) => options.frontend === 'hatchling' || (!options.isolation && (options.frontend === 'build' || options.frontend === 'uv'));
/** Whether buildRequirementsProblem runs the check (and the backend's hooks) with these options. */
const requirementsChecked = (options) => usesInterpreter(options) && (options.mode ?? 'check') === 'check';
async function buildRequirementsProblem(options) {
    const { python, logger } = options;
    if (!usesInterpreter(options))
        return undefined;
    const why = options.frontend === 'hatchling' ? 'builder is hatch and hatch is not on PATH, so hatchling builds in place' : 'build-isolation is false';
    if ((options.mode ?? 'check') === 'ignore') {
        logger.info(`build-requirements: ignore: the build requirements in ${options.pyproject} are not checked against ${python} (${why})`);
        return undefined;
    }
    const report = await checkRequirements(python, options.sourceDir);
    if ('error' in report) {
        if (report.unrunnable) {
            return (`Input 'python' (${python}) cannot be run to check the build requirements of ${options.pyproject} (${why}): ${report.error.replace(/^it cannot be run: /, '')}. ` +
                `Set 'python' to the interpreter that has the build backend installed, set build-isolation: true, or set build-requirements: ignore to build without the check.`);
        }
        return (`Cannot check the build requirements of ${options.pyproject} in '${python}' (input 'python'; ${why}): ${report.error}. ` +
            `Install 'packaging' in that interpreter, set build-isolation: true, or set build-requirements: ignore to build without the check.`);
    }
    for (const note of report.notes)
        logger.info(`build requirements: ${note}`);
    if (report.unmet.length === 0) {
        const met = report.checked.map(c => (c.skipped !== undefined ? `${c.requirement} (skipped: ${c.skipped})` : `${c.requirement} (${c.installed})`));
        logger.info(`build requirements met in ${report.executable}: ${met.join(', ') || 'none declared'}`);
        return undefined;
    }
    const install = report.unmet.map(u => `"${u.requirement.split(';')[0].trim()}"`).join(' ');
    return (`Build requirements not met in ${python} (${why}): ${report.unmet.map(describeUnmet).join('; ')}. ` +
        (report.defaulted
            ? `${options.pyproject} has no [build-system] (or does not exist), so they are what python -m build assumes then (setuptools' legacy backend) or what that backend asks for. `
            : `They are [build-system] requires in ${options.pyproject} or what its backend asks for. `) +
        `Install them in the interpreter ('${python} -m pip install ${install}'), ` +
        `${options.frontend === 'hatchling' ? 'put hatch on PATH (it builds in its own environment)' : 'set build-isolation: true'}, ` +
        `or set build-requirements: ignore to build anyway.`);
}


/***/ }),

/***/ 74752:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xw: () => (/* binding */ cli)
});

// UNUSED EXPORTS: HEARTBEAT_MS, TOOL_VERSION, cliInputSource, helpText, startHeartbeat

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(57975);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: ./src/types.ts
var types = __nccwpck_require__(38522);
// EXTERNAL MODULE: ./src/pep440.ts
var pep440 = __nccwpck_require__(80936);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(51455);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var exec = __nccwpck_require__(22876);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(14006);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/workspace-paths.ts
// Paths as the user reads them: relative to the repository root (GITHUB_WORKSPACE) with
// forward slashes, which is what annotations and step outputs want on every OS.

/** `to` relative to `from`, with forward slashes. */
function relativePosix(from, to, paths = external_node_path_) {
    return paths.relative(from, to).split(paths.sep).join('/');
}
/** Whether `path` lies strictly inside `dir`. */
function isInside(dir, path, paths = external_node_path_) {
    const rel = paths.relative(dir, path);
    return rel !== '' && rel.split(paths.sep)[0] !== '..' && !paths.isAbsolute(rel);
}
/** A file as messages name it: relative to the workspace when inside it, else absolute. */
function displayPath(file, workspace) {
    return isInside(workspace, file) ? relativePosix(workspace, file) : file;
}
/** The annotation path of a file: relative to the workspace, or undefined outside it. */
function annotationPath(file, workspace) {
    return annotationPathWith(file, workspace, external_node_path_);
}
/** annotationPath with another OS's path rules (tests check Windows paths on every OS). */
function annotationPathWith(file, workspace, paths) {
    return isInside(workspace, file, paths) ? relativePosix(workspace, file, paths) : undefined;
}

;// CONCATENATED MODULE: ./src/certify/globs.ts
// Bounded file globbing for the report inputs (and the few globs certification runs itself).
// A pattern resolves inside a root directory (the workspace), a symbolic link that leads out of
// it is not followed, every file is found once (by its real path) and the walk stops with a clear
// error after a number of directory entries or an amount of time.





/** Enough for a monorepo's checkout with its virtual environments; far short of a whole machine. */
const GLOB_LIMITS = { entries: 100_000, milliseconds: 30_000 };
/** A pattern that cannot be matched inside the root: the user's to fix, before anything runs. */
class PatternError extends Error {
    constructor(message) {
        super(message);
        this.name = 'PatternError';
    }
}
/** A walk that hit a bound: names the pattern, the bound and how to narrow it. */
class GlobLimitError extends Error {
    constructor(message) {
        super(message);
        this.name = 'GlobLimitError';
    }
}
const MATCH_OPTIONS = { dot: true, windows: false };
const posix = (path) => (external_node_path_.sep === '\\' ? path.replace(/\\/g, '/') : path);
/**
 * A pattern's fixed base and its wildcard part. On Windows a backslash is a separator (`reports\\*.xml`,
 * `C:\\work\\reports\\*.xml`), elsewhere it escapes (`\\*` names a file called `*`).
 */
function parse(pattern, cwd, paths = external_node_path_) {
    const windows = paths.sep === '\\';
    const text = windows ? pattern.replace(/\\/g, '/') : pattern;
    const scanned = picomatch_default().scan(text, MATCH_OPTIONS);
    if (!scanned.isGlob) {
        const literal = windows ? text : text.replace(/\\(.)/g, '$1');
        return { kind: 'literal', path: paths.resolve(cwd, literal) };
    }
    return { kind: 'glob', base: paths.resolve(cwd, scanned.base === '' ? '.' : scanned.base), glob: scanned.glob };
}
const within = (root, path, paths = external_node_path_) => path === root || isInside(root, path, paths);
/**
 * Why a pattern cannot be matched inside the root, or undefined when it can: its wildcards
 * would start outside the root, or climb out of it with `..`. A path without wildcards may
 * name a file anywhere (it is one file the user chose).
 */
function patternProblem(pattern, scope, paths = external_node_path_) {
    const rootName = scope.rootName ?? 'the workspace';
    let parsed;
    try {
        parsed = parse(pattern, scope.cwd, paths);
    }
    catch (error) {
        return `'${pattern}' is not a valid pattern: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (parsed.kind === 'literal')
        return undefined;
    if (parsed.glob.split('/').includes('..')) {
        return `'${pattern}' has '..' after a wildcard, which could climb out of ${rootName}; name the directory without '..'`;
    }
    const root = paths.resolve(scope.root);
    if (!within(root, parsed.base, paths)) {
        return (`'${pattern}' would search ${parsed.base}, outside ${rootName} (${root}); write the pattern relative to ${rootName}, ` +
            `${scope.rootName === undefined ? `e.g. 'reports/**/*.xml' for ${root}/reports ` : ''}(only a path without wildcards may name a file outside it)`);
    }
    return undefined;
}
/** The pattern's directory segments, for pruning; undefined when a `/` sits inside braces, brackets or parentheses. */
function segmentsOf(glob) {
    const parts = [];
    let depth = 0;
    let current = '';
    for (let i = 0; i < glob.length; i++) {
        const char = glob[i];
        if (char === '\\') {
            current += char + (glob[i + 1] ?? '');
            i++;
            continue;
        }
        if (char === '{' || char === '[' || char === '(')
            depth++;
        else if ((char === '}' || char === ']' || char === ')') && depth > 0)
            depth--;
        if (char === '/') {
            if (depth > 0)
                return undefined;
            parts.push(current);
            current = '';
            continue;
        }
        current += char;
    }
    const directories = parts.filter(part => part !== '' && part !== '.');
    const fixed = [];
    for (const part of directories) {
        if (part.includes('**'))
            return { fixed, deep: true };
        fixed.push(picomatch_default()(part, MATCH_OPTIONS));
    }
    return { fixed, deep: current.includes('**') };
}
/** Whether a directory (its path below the base, as segments) may hold a match. */
function mayHoldMatches(segments, path) {
    if (segments === undefined)
        return true;
    for (let i = 0; i < path.length; i++) {
        const matcher = segments.fixed[i];
        if (matcher === undefined)
            return segments.deep;
        if (!matcher(path[i]))
            return false;
    }
    return true;
}
function ignoreMatcher(patterns, cwd) {
    const matchers = patterns.map(pattern => {
        const text = posix(pattern);
        const absolute = (0,external_node_path_.isAbsolute)(pattern);
        const match = picomatch_default()(text.startsWith('./') ? text.slice(2) : text, MATCH_OPTIONS);
        return (file) => match(posix(absolute ? file : (0,external_node_path_.relative)(cwd, file)));
    });
    return file => matchers.some(match => match(file));
}
async function realOrUndefined(path) {
    try {
        return await (0,promises_.realpath)(path);
    }
    catch {
        return undefined;
    }
}
/**
 * The files a pattern matches, walking at most `limits.entries` directory entries for at most
 * `limits.milliseconds`. Throws PatternError when the pattern reaches outside the root and
 * GlobLimitError when a bound is hit.
 */
async function findFiles(pattern, scope) {
    const problem = patternProblem(pattern, scope);
    if (problem !== undefined)
        throw new PatternError(problem);
    const limits = scope.limits ?? GLOB_LIMITS;
    const parsed = parse(pattern, scope.cwd);
    const root = (0,external_node_path_.resolve)(scope.root);
    const realRoot = (await realOrUndefined(root)) ?? root;
    const ignored = ignoreMatcher(scope.ignore ?? [], scope.cwd);
    const skippedLinks = [];
    const skip = (link, target) => {
        skippedLinks.push(`${displayPath(link, root)} → ${target}`);
    };
    if (parsed.kind === 'literal') {
        const real = await realOrUndefined(parsed.path);
        if (real === undefined || ignored(parsed.path))
            return { files: [], skippedLinks };
        // Named inside the root, it must stay there; named outside it, it is the one file the user chose.
        if (within(root, parsed.path) && !within(realRoot, real)) {
            skip(parsed.path, real);
            return { files: [], skippedLinks };
        }
        const info = await (0,promises_.stat)(real).catch(() => undefined);
        return { files: info?.isFile() ? [{ path: parsed.path, real, throughLink: real !== parsed.path }] : [], skippedLinks };
    }
    const matches = picomatch_default()(parsed.glob, MATCH_OPTIONS);
    const segments = segmentsOf(parsed.glob);
    const started = Date.now();
    let visited = 0;
    const narrow = `narrow the pattern to the directory the reports are written to (e.g. 'reports/junit-*.xml' rather than '**/*.xml'), ` +
        `or leave large directories out with a '!' pattern`;
    const tick = () => {
        if (Date.now() - started >= limits.milliseconds) {
            throw new GlobLimitError(`'${pattern}' was still being matched after ${formatSeconds(limits.milliseconds)} (the time limit; ${visited} entries looked at); ${narrow}`);
        }
    };
    const base = parsed.base;
    const realBase = await realOrUndefined(base);
    if (realBase === undefined)
        return { files: [], skippedLinks };
    if (!within(realRoot, realBase)) {
        skip(base, realBase);
        return { files: [], skippedLinks };
    }
    const found = new Map();
    const foundThroughLink = new Set();
    const seenDirectories = new Set();
    // Directories reached directly first, those behind links after them: a file is listed
    // under its own path where it has one, and a link back into a walked tree adds nothing.
    const direct = [{ path: base, real: realBase, parts: [], throughLink: false }];
    const linked = [];
    for (;;) {
        const directory = direct.pop() ?? linked.shift();
        if (directory === undefined)
            break;
        if (seenDirectories.has(directory.real))
            continue;
        seenDirectories.add(directory.real);
        tick();
        let handle;
        try {
            handle = await (0,promises_.opendir)(directory.path);
        }
        catch {
            continue; // unreadable or gone: nothing to match there
        }
        const entries = [];
        for await (const entry of handle) {
            if (++visited > limits.entries) {
                throw new GlobLimitError(`'${pattern}' looked at ${limits.entries} directory entries (the limit) without finishing; ${narrow}`);
            }
            tick();
            const kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other';
            entries.push({ name: entry.name, kind });
        }
        // pushed in reverse name order, so popped (walked) in name order
        entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
        for (const entry of entries) {
            const path = (0,external_node_path_.join)(directory.path, entry.name);
            const parts = [...directory.parts, entry.name];
            let real = (0,external_node_path_.join)(directory.real, entry.name);
            let kind = entry.kind;
            let throughLink = directory.throughLink;
            if (kind === 'link') {
                const target = await realOrUndefined(path);
                if (target === undefined)
                    continue; // dangling
                if (!within(realRoot, target)) {
                    skip(path, target);
                    continue;
                }
                const info = await (0,promises_.stat)(target).catch(() => undefined);
                kind = info?.isFile() ? 'file' : info?.isDirectory() ? 'directory' : 'other';
                real = target;
                throughLink = true;
            }
            if (kind === 'file') {
                const better = !found.has(real) || (foundThroughLink.has(real) && !throughLink);
                if (better && matches(parts.join('/')) && !ignored(path)) {
                    found.set(real, path);
                    if (throughLink)
                        foundThroughLink.add(real);
                    else
                        foundThroughLink.delete(real);
                }
            }
            else if (kind === 'directory' && !seenDirectories.has(real) && mayHoldMatches(segments, parts)) {
                ;
                (throughLink ? linked : direct).push({ path, real, parts, throughLink });
            }
        }
    }
    const files = [...found].map(([real, path]) => ({ path, real, throughLink: foundThroughLink.has(real) }));
    return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), skippedLinks };
}
function formatSeconds(milliseconds) {
    return milliseconds >= 1000 && milliseconds % 1000 === 0 ? `${milliseconds / 1000} s` : `${milliseconds} ms`;
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __nccwpck_require__(3292);
;// CONCATENATED MODULE: ./src/certify/changelog.ts
// Finding the release's entry in a changelog: Markdown headings (Keep a Changelog
// `## [1.2.3] - date`, `## 1.2.3 (date)`, towncrier's) and reST underlined titles. A heading
// names a version when its first version-like word is PEP 440-equal to the release.




const ADORNMENT = /^([=\-~^"'`#*+_:.])\1{2,}\s*$/;
function headings(lines) {
    const found = [];
    const rstStyles = [];
    const rstLevel = (style) => {
        if (!rstStyles.includes(style))
            rstStyles.push(style);
        return rstStyles.indexOf(style) + 1;
    };
    let fence = false;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
        if (/^\s*(```|~~~)/.test(line))
            fence = !fence;
        if (fence)
            continue;
        const atx = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
        if (atx) {
            found.push({ index: i, span: 1, title: atx[2] ?? '', level: atx[1].length });
            continue;
        }
        const next = lines[i + 1] ?? '';
        const over = ADORNMENT.exec(line);
        if (over && line.trim() !== '' && (lines[i + 1] ?? '').trim() !== '' && ADORNMENT.exec(lines[i + 2] ?? '')?.[1] === over[1]) {
            found.push({ index: i, span: 3, title: (lines[i + 1] ?? '').trim(), level: rstLevel(`over${over[1]}`) });
            i += 2;
            continue;
        }
        const under = ADORNMENT.exec(next);
        if (under && line.trim() !== '' && !ADORNMENT.test(line) && next.trim().length >= line.trim().length) {
            found.push({ index: i, span: 2, title: line.trim(), level: rstLevel(under[1]) });
            i += 1;
        }
    }
    return found;
}
/** The first word of a heading that parses as a version (`[1.2.3]`, `v1.2.3`, `1.2.3:` all do). */
function headingVersion(title) {
    for (const word of title.split(/[\s,()[\]]+/)) {
        const candidate = word.replace(/^(release|version|v)(?=\d)/i, '').replace(/[:\-–—]+$/, '');
        if (/^\d/.test(candidate) && (0,pep440/* parseVersion */.ot)(candidate))
            return candidate;
    }
    return undefined;
}
function findEntry(text, version) {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const all = headings(lines);
    let unreleasedLine;
    for (const [n, heading] of all.entries()) {
        if (/^\[?unreleased\]?/i.test(heading.title) && unreleasedLine === undefined)
            unreleasedLine = heading.index + 1;
        const named = headingVersion(heading.title);
        if (named === undefined || !(0,pep440/* versionsEqual */.At)(named, version))
            continue;
        const end = all.slice(n + 1).find(other => other.level <= heading.level)?.index ?? lines.length;
        const body = lines.slice(heading.index + heading.span, end);
        // Keep a Changelog's link references (`[1.2.3]: https://…`) belong to no entry
        const text = body
            .filter(line => !/^\s*\[[^\]]+\]:\s*\S+/.test(line))
            .join('\n')
            .trim();
        return { entry: { line: heading.index + 1, heading: heading.title, text }, unreleasedLine };
    }
    return { entry: undefined, unreleasedLine };
}
/** Changelog names found by search: CHANGELOG, CHANGES, HISTORY, NEWS with or without .md/.rst/.txt. */
const CHANGELOG_NAME = /^(changelog|changes|history|news)(\.(md|rst|txt|markdown))?$/i;
const isTable = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** `[tool.towncrier]` from towncrier.toml (which towncrier reads first) or pyproject.toml; undefined when neither has one. */
async function readTowncrier(dir) {
    for (const file of ['towncrier.toml', 'pyproject.toml']) {
        let doc;
        try {
            doc = (0,dist/* parse */.qg)(await (0,promises_.readFile)((0,external_node_path_.join)(dir, file), 'utf8'));
        }
        catch {
            continue; // absent, or not TOML: pyproject.toml's own problems are reported elsewhere
        }
        const table = isTable(doc['tool']) ? doc['tool']['towncrier'] : undefined;
        if (!isTable(table))
            continue;
        const text = (value) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
        const pkg = text(table['package']);
        const packageFragments = pkg === undefined ? undefined : (0,external_node_path_.join)(text(table['package_dir']) ?? '.', ...pkg.split('.'), 'newsfragments');
        return { file, filename: text(table['filename']), directory: text(table['directory']), packageFragments };
    }
    return undefined;
}
/** What is at a path: a file, a directory, something else, or nothing (a broken link counts as nothing). */
async function kindOf(path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info)
        return 'missing';
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
}
/**
 * The project's changelog file, looked for in each of `folders` in turn, nearest first (the project
 * folder, then those above it up to the repository root: a monorepo keeps it at the root): in each,
 * the one `[tool.towncrier] filename` names, else the first file (never a directory: towncrier keeps
 * fragments in `changelog.d/`, `CHANGES/`, `docs/changelog/`) named CHANGELOG, CHANGES, HISTORY or
 * NEWS (.md, .rst, .txt) in the folder, then its docs/.
 */
async function findChangelog(dir, folders = [dir]) {
    let fragments;
    for (const folder of folders) {
        const found = await findChangelogIn(folder);
        fragments ??= found.fragments;
        if (found.path !== undefined || found.problem !== undefined)
            return { ...found, ...(fragments ? { fragments } : {}) };
    }
    return { path: undefined, source: undefined, ...(fragments ? { fragments } : {}) };
}
async function findChangelogIn(dir) {
    const towncrier = await readTowncrier(dir);
    const fragmentsDir = towncrier?.directory ?? towncrier?.packageFragments;
    const fragments = fragmentsDir !== undefined ? (0,external_node_path_.resolve)(dir, fragmentsDir) : undefined;
    if (towncrier) {
        const named = towncrier.filename ?? 'NEWS.rst';
        const path = (0,external_node_path_.resolve)(dir, named);
        const kind = await kindOf(path);
        const source = `[tool.towncrier] filename in ${towncrier.file}${towncrier.filename === undefined ? " (towncrier's default)" : ''}`;
        if (kind === 'file')
            return { path, source, ...(fragments ? { fragments } : {}) };
        // towncrier's default name need not exist: the project may keep its changelog under another name
        if (towncrier.filename !== undefined) {
            const what = kind === 'missing' ? 'which does not exist' : kind === 'directory' ? 'which is a directory, not a file' : 'which is not a regular file';
            return {
                path: undefined,
                source,
                problem: {
                    message: `[tool.towncrier] filename in ${towncrier.file} names ${named}, ${what}; run towncrier build, or point filename at the changelog file`,
                    config: (0,external_node_path_.join)(dir, towncrier.file)
                },
                ...(fragments ? { fragments } : {})
            };
        }
    }
    for (const base of [dir, (0,external_node_path_.join)(dir, 'docs')]) {
        const names = (await (0,promises_.readdir)(base).catch(() => [])).filter(name => CHANGELOG_NAME.test(name)).sort();
        for (const name of names) {
            const path = (0,external_node_path_.join)(base, name);
            if (path === fragments)
                continue;
            if ((await kindOf(path)) === 'file')
                return { path, source: undefined, ...(fragments ? { fragments } : {}) };
        }
    }
    return { path: undefined, source: undefined, ...(fragments ? { fragments } : {}) };
}
/** towncrier fragment files waiting in the fragments directory (its template and .gitignore left out). */
async function pendingFragments(fragments) {
    if (fragments === undefined)
        return [];
    const entries = await (0,promises_.readdir)(fragments, { withFileTypes: true }).catch(() => []);
    return entries
        .filter(entry => entry.isFile() && !entry.name.startsWith('.') && !/^template\./i.test(entry.name) && entry.name !== 'README.md' && entry.name !== 'README.rst')
        .map(entry => entry.name)
        .sort();
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: ./src/build/archive.ts
var archive = __nccwpck_require__(43782);
;// CONCATENATED MODULE: ./src/certify/shipped-docs.ts
// The docs items judged from what ships: after the build, the readme, the URLs and the license come
// from each built file's core metadata (a wheel's METADATA, an sdist's PKG-INFO) and its members,
// whatever wrote them (pyproject.toml, a build hook, a backend's own table, a plugin).




/** The content types PyPI accepts for Description-Content-Type. */
const CONTENT_TYPES = new Set(['text/plain', 'text/x-rst', 'text/markdown']);
const LICENSE_NAME = /^(licen[cs]e|copying)([.-].*)?$/i;
const HOME_OR_SOURCE = new Set(['homepage', 'home', 'source', 'sourcecode', 'repository', 'repo', 'code', 'github', 'gitlab']);
const RANK = { pass: 0, unverified: 1, missing: 2, wrong: 3 };
/** Old setuptools wrote `UNKNOWN` for a field it was not given: that is no value. */
const given = (fields) => new Map([...fields]
    .map(([name, values]) => [name, values.filter(value => value.trim() !== 'UNKNOWN')])
    .filter(([, values]) => values.length > 0));
async function load(artifact) {
    if (!artifact.coreMetadata)
        return undefined;
    const fields = given(artifact.coreMetadata);
    const { members } = await (0,archive/* readArchive */.bL)(artifact.path);
    const names = new Set(members.map(m => m.name));
    const dir = artifact.format === 'wheel'
        ? ([...new Set(members.map(m => m.name.split('/')[0]))].find(top => top.endsWith('.dist-info') && names.has(`${top}/METADATA`)) ?? '')
        : (members[0]?.name.split('/')[0] ?? '');
    return {
        artifact,
        fields,
        source: artifact.format === 'wheel' ? 'METADATA' : 'PKG-INFO',
        members,
        dir,
        dynamic: new Set((fields.get('dynamic') ?? []).map(v => v.toLowerCase()))
    };
}
async function readmeOf(built, options) {
    const name = `${built.artifact.filename} (${built.source})`;
    const description = built.fields.get('description')?.[0] ?? '';
    if (description.trim() === '') {
        const hint = options.hints.readme;
        return hint
            ? {
                item: 'readme',
                outcome: 'wrong',
                message: `${name} has no long description, though ${hint}: the project page would be empty; check that the build backend reads the readme`
            }
            : { item: 'readme', outcome: 'missing', message: `${name} has no long description (Description): declare a readme in pyproject.toml` };
    }
    const declared = built.fields.get('description-content-type')?.[0];
    const type = declared?.split(';')[0]?.trim().toLowerCase();
    if (type !== undefined && !CONTENT_TYPES.has(type)) {
        return {
            item: 'readme',
            outcome: 'wrong',
            message: `${name} has Description-Content-Type '${declared}', which PyPI refuses (text/plain, text/x-rst or text/markdown)`
        };
    }
    if (type === undefined || type === 'text/x-rst') {
        // PyPI renders a description without a content type as reST too
        const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'pra-readme-'));
        try {
            const file = (0,external_node_path_.join)(dir, 'description.rst');
            await (0,promises_.writeFile)(file, description);
            const checked = await options.validateRst(file);
            const as = type === undefined ? 'has no Description-Content-Type, so PyPI renders its description as reST' : 'has a reST description';
            if (!checked) {
                return {
                    item: 'readme',
                    outcome: 'unverified',
                    message: `${name} ${as}, and neither readme_renderer nor docutils is installed in '${options.python}' to check that PyPI can render it`
                };
            }
            if (!checked.ok) {
                const hint = type === undefined ? ' (set the readme content type if it is Markdown)' : '';
                return { item: 'readme', outcome: 'wrong', message: `${name} ${as}, and PyPI would not render it${hint}: ${checked.message.split('\n')[0]}` };
            }
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    return { item: 'readme', outcome: 'pass', message: `${name}: description (${type ?? 'text/x-rst'}, ${description.length} characters)` };
}
function licenseOf(built) {
    const name = `${built.artifact.filename} (${built.source})`;
    const byName = new Map(built.members.map(m => [m.name, m]));
    const shipped = [];
    for (const license of built.fields.get('license-file') ?? []) {
        const places = built.artifact.format === 'wheel'
            ? [`${built.dir}/licenses/${license}`, `${built.dir}/license_files/${license}`, `${built.dir}/${license}`]
            : [`${built.dir}/${license}`];
        const member = places.map(place => byName.get(place)).find(m => m?.type === 'file');
        if (!member)
            return { item: 'license', outcome: 'wrong', message: `${name} names License-File '${license}', but ${places[0]} is not in the archive` };
        if (member.size === 0)
            return { item: 'license', outcome: 'wrong', message: `${name} names License-File '${license}', and ${member.name} is empty` };
        shipped.push(license);
    }
    if (shipped.length > 0)
        return { item: 'license', outcome: 'pass', message: `${name}: License-File ${shipped.join(', ')}` };
    // a license file the backend ships without naming it (poetry-core, older backends)
    const unnamed = built.members.filter(member => {
        if (member.type !== 'file' || member.size === 0 || !member.name.startsWith(`${built.dir}/`))
            return false;
        const inside = member.name.slice(built.dir.length + 1);
        if (built.artifact.format === 'wheel' && /^(licenses|license_files)\//.test(inside))
            return true;
        return !inside.includes('/') && LICENSE_NAME.test(external_node_path_.posix.basename(inside));
    });
    if (unnamed.length > 0)
        return { item: 'license', outcome: 'pass', message: `${name}: ${unnamed.map(m => m.name.slice(built.dir.length + 1)).join(', ')}` };
    const declared = built.fields.get('license-expression')?.[0] ??
        built.fields.get('license')?.[0]?.split('\n')[0] ??
        built.fields.get('classifier')?.find(c => c.startsWith('License ::'));
    if (declared !== undefined && declared.trim() !== '') {
        return {
            item: 'license',
            outcome: 'unverified',
            message: `${name} declares the license '${declared.slice(0, 80)}' but ships no license file (License-File, LICENSE*, COPYING*)`
        };
    }
    return { item: 'license', outcome: 'missing', message: `${name} has no license: no License-Expression, License, license classifier or license file` };
}
function urlsOf(built) {
    const name = `${built.artifact.filename} (${built.source})`;
    const home = built.fields.get('home-page')?.[0];
    if (home)
        return { item: 'urls', outcome: 'pass', message: `${name}: Home-page` };
    const labels = (built.fields.get('project-url') ?? []).map(value => value.split(',')[0].trim());
    const found = labels.find(label => HOME_OR_SOURCE.has(label.toLowerCase().replace(/[^a-z]/g, '')));
    if (found)
        return { item: 'urls', outcome: 'pass', message: `${name}: Project-URL ${found}` };
    return {
        item: 'urls',
        outcome: 'missing',
        message: labels.length === 0
            ? `${name} has no Home-page and no Project-URL`
            : `${name} has no Home-page and no homepage or source Project-URL (has ${labels.join(', ')})`
    };
}
/** The worst finding of the built files (each must ship the item), naming the other files where the same is wrong. */
function worst(findings, item) {
    if (findings.length === 0)
        return { item, outcome: 'unverified', message: `no built file's metadata could be read for the ${item}` };
    const found = findings.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a));
    const same = findings.filter(f => f !== found && f.outcome === found.outcome && found.outcome !== 'pass').map(f => f.filename);
    return { item, outcome: found.outcome, message: same.length > 0 ? `${found.message} (so does ${same.join(', ')})` : found.message };
}
/** Field names (lower-case) per item; an sdist may leave them to the wheel with `Dynamic:`. */
const FIELDS = {
    readme: ['description', 'description-content-type'],
    license: ['license', 'license-expression', 'license-file'],
    urls: ['home-page', 'project-url']
};
/** Judges the readme, the license and the URLs from every built file. */
async function judgeShipped(options) {
    const built = (await Promise.all(options.artifacts.map(load))).filter((b) => b !== undefined);
    // A field an sdist marks Dynamic and leaves out is the wheel's to give: that sdist is not judged for the
    // item. A field the file carries is always judged, Dynamic or not: setuptools >= 77 writes Metadata 2.4
    // with `License-File: LICENSE` and `Dynamic: license-file` in both files (the license files it found
    // itself, not listed in pyproject.toml), and in a wheel Dynamic is information only (PEP 643: "in any
    // context other than a source distribution, Dynamic is for information only").
    const judged = (item) => built.filter(b => b.artifact.format === 'wheel' || !FIELDS[item].some(field => b.dynamic.has(field)) || FIELDS[item].some(field => b.fields.has(field)));
    const named = (b, finding) => ({ ...finding, filename: b.artifact.filename });
    const readme = await Promise.all(judged('readme').map(async (b) => named(b, await readmeOf(b, options))));
    return {
        readme: worst(readme, 'readme'),
        license: worst(judged('license').map(b => named(b, licenseOf(b))), 'license'),
        urls: worst(judged('urls').map(b => named(b, urlsOf(b))), 'urls')
    };
}

;// CONCATENATED MODULE: ./src/certify/upward.ts
// Where a project's changelog and license may be kept: in a monorepo (packages/foo), the repository
// root often holds them for every package. They are looked for from the project folder up to the
// repository root, nearest first.


/**
 * The project folder, then each folder above it up to the repository root: the nearest folder that
 * holds `.git` (git's top-level, found without starting git: a directory, or the file a worktree or
 * submodule has), else the workspace. A project outside both is looked for in its own folder only.
 */
async function foldersUpToRoot(projectDir, workspace) {
    const top = (0,external_node_path_.resolve)(workspace);
    const folders = [];
    for (let dir = (0,external_node_path_.resolve)(projectDir);; dir = (0,external_node_path_.dirname)(dir)) {
        folders.push(dir);
        if (dir === top || (await isRepository(dir)))
            return folders;
        if ((0,external_node_path_.dirname)(dir) === dir)
            return [(0,external_node_path_.resolve)(projectDir)];
    }
}
const isRepository = (dir) => (0,promises_.stat)((0,external_node_path_.join)(dir, '.git')).then(() => true, () => false);
/** Where a file found by foldersUpToRoot is, for messages: '' in the project folder, else "(repository root)" or "(above the project)". */
function whereFound(folder, folders) {
    if (folder === folders[0])
        return '';
    return folder === folders[folders.length - 1] ? ' (repository root)' : ' (above the project)';
}

;// CONCATENATED MODULE: ./src/certify/docs.ts
// The `docs` check: what a maintainer ships with every release. Each item is either required
// (input 'docs-required': missing fails) or optional (missing warns); a changelog that exists
// must have an entry for the release, whose text becomes the `release-notes` output.











const DOC_ITEMS = ['readme', 'license', 'changelog', 'urls'];
const README_TYPES = { '.md': 'text/markdown', '.markdown': 'text/markdown', '.rst': 'text/x-rst', '.txt': 'text/plain' };
const docs_LICENSE_NAME = /^(licen[cs]e|copying)([.-].*)?$/i;
/** [project.urls] labels (normalized as PEP 753 does) that point at the project's home or source. */
const docs_HOME_OR_SOURCE = new Set(['homepage', 'home', 'source', 'sourcecode', 'repository', 'repo', 'code', 'github', 'gitlab']);
async function nonEmptyFile(path) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info?.isFile())
        return 'missing';
    return info.size === 0 || (await (0,promises_.readFile)(path, 'utf8')).trim() === '' ? 'empty' : 'ok';
}
/** Renders reST the way PyPI does (readme_renderer), else checks it with docutils; undefined when neither is there. */
const RST_CHECK = `
import sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    import readme_renderer.rst, io
    err = io.StringIO()
    out = readme_renderer.rst.render(text, stream=err)
    if out is None:
        print(err.getvalue().strip() or "readme_renderer could not render it"); sys.exit(1)
    sys.exit(0)
except ImportError:
    pass
try:
    import docutils.core, docutils.utils
except ImportError:
    sys.exit(3)
try:
    docutils.core.publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False})
except docutils.utils.SystemMessage as e:
    print(str(e)); sys.exit(1)
`;
/**
 * One render per text and interpreter in a run: the readme rendered during certify (which runs
 * alongside the build) is, byte for byte, the description the built files carry, so the check after
 * the build takes that render instead of starting Python again; the sdist's and the wheel's
 * identical descriptions share one render too.
 */
const rstRenders = new Map();
async function validateRst(python, file) {
    let key;
    try {
        key = `${python}\0${(0,external_node_crypto_.createHash)('sha256')
            .update(await (0,promises_.readFile)(file))
            .digest('hex')}`;
    }
    catch {
        return renderRst(python, file); // unreadable here: Python says why
    }
    let render = rstRenders.get(key);
    if (!render) {
        render = renderRst(python, file);
        rstRenders.set(key, render);
    }
    return render;
}
async function renderRst(python, file) {
    try {
        const { exitCode, stdout } = await exec/* getExecOutput */.H(python, ['-c', RST_CHECK, file], { silent: true, ignoreReturnCode: true });
        if (exitCode === 3)
            return undefined;
        return { ok: exitCode === 0, message: stdout.trim() };
    }
    catch {
        return undefined;
    }
}
const docs_isTable = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const strings = (value) => typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
async function backendDocs(project) {
    if (project.pyprojectPath === undefined)
        return { dynamic: new Set(), urls: [] };
    const doc = (0,dist/* parse */.qg)(await (0,promises_.readFile)(project.pyprojectPath, 'utf8'));
    const table = (value, ...keys) => keys.reduce((t, key) => (docs_isTable(t[key]) ? t[key] : {}), docs_isTable(value) ? value : {});
    const found = { dynamic: new Set(strings(table(doc, 'project')['dynamic'])), urls: [] };
    const setuptools = table(doc, 'tool', 'setuptools', 'dynamic')['readme'];
    if (found.dynamic.has('readme') && docs_isTable(setuptools) && strings(setuptools['file']).length > 0) {
        const contentType = typeof setuptools['content-type'] === 'string' ? setuptools['content-type'] : undefined;
        found.readme = { files: strings(setuptools['file']), namedBy: '[tool.setuptools.dynamic] readme', ...(contentType ? { contentType } : {}) };
    }
    const poetry = table(doc, 'tool', 'poetry');
    if (!found.readme && strings(poetry['readme']).length > 0)
        found.readme = { files: strings(poetry['readme']), namedBy: '[tool.poetry] readme' };
    for (const key of ['homepage', 'repository', 'documentation'])
        if (typeof poetry[key] === 'string')
            found.urls.push(key);
    found.urls.push(...Object.keys(table(poetry, 'urls')));
    if (typeof poetry['license'] === 'string')
        found.license = poetry['license'];
    return found;
}
/** The readme `file` (relative to the project) checked as PyPI will take it; `namedBy` says where pyproject.toml names it. */
async function checkReadmeFile(options, readme, contentType, namedBy) {
    const path = (0,external_node_path_.join)(options.project.dir, readme);
    const file = annotationPath(path, options.workspace);
    const state = await nonEmptyFile(path);
    // A readme that pyproject.toml names but that is absent or empty breaks the build or the project page.
    if (state !== 'ok')
        return { item: 'readme', outcome: 'wrong', message: `readme ${readme} (named by ${namedBy}) is ${state}`, file };
    const byExtension = README_TYPES[(0,external_node_path_.extname)(path).toLowerCase()];
    const declared = contentType?.split(';')[0]?.trim().toLowerCase();
    if (byExtension === undefined && declared === undefined) {
        return { item: 'readme', outcome: 'wrong', message: `readme ${readme} has no known extension (.md, .rst, .txt) and no content-type`, file };
    }
    if (declared !== undefined && byExtension !== undefined && declared !== byExtension) {
        return { item: 'readme', outcome: 'wrong', message: `readme ${readme} is declared as ${declared} but its extension says ${byExtension}`, file };
    }
    if ((declared ?? byExtension) === 'text/x-rst') {
        const checked = await validateRst(options.python, path);
        if (!checked) {
            return {
                item: 'readme',
                outcome: 'unverified',
                message: `readme ${readme} is reST, and neither readme_renderer nor docutils is installed in '${options.python}' to check that PyPI can render it`,
                file
            };
        }
        if (!checked.ok) {
            const line = /:(\d+): \(/.exec(checked.message)?.[1];
            return {
                item: 'readme',
                outcome: 'wrong',
                message: `readme ${readme} is not valid reST, PyPI would not render it: ${checked.message.split('\n')[0]}`,
                file,
                ...(line ? { line: Number(line) } : {})
            };
        }
    }
    return { item: 'readme', outcome: 'pass', message: `readme ${readme}` };
}
/** The field that names each item where the project's metadata was read, for messages. */
const FIELD_NAMES = {
    pyproject: { readme: '[project] readme', license: '[project] license', licenseFiles: 'license-files', urls: '[project.urls]' },
    'setup.cfg': {
        readme: 'setup.cfg [metadata] long_description',
        license: 'setup.cfg [metadata] license',
        licenseFiles: 'setup.cfg [metadata] license_files',
        urls: 'setup.cfg [metadata] url or project_urls'
    }
};
/** What a source-tree check says when the project declares nothing this action reads: setup.py may compute it. */
function computedBySetupPy(project, item, what) {
    if (project.metadataSource === 'pyproject' || (project.metadataSource === 'setup.cfg' && !project.setupPy))
        return undefined;
    const where = project.metadataSource === 'setup.cfg' ? `${FIELD_NAMES['setup.cfg'][item]} is not set, and setup.py` : 'setup.py';
    return { item, outcome: 'unverified', message: `${where} may set the ${what} when it runs: only the built files show it` };
}
async function checkReadme(options, backend) {
    const { project } = options;
    const names = FIELD_NAMES[project.metadataSource === 'setup.cfg' ? 'setup.cfg' : 'pyproject'];
    if (project.readme !== undefined)
        return checkReadmeFile(options, project.readme, project.readmeContentType, names.readme);
    if (backend.readme) {
        for (const readme of backend.readme.files) {
            const finding = await checkReadmeFile(options, readme, backend.readme.contentType, backend.readme.namedBy);
            if (finding.outcome !== 'pass')
                return finding;
        }
        return { item: 'readme', outcome: 'pass', message: `readme ${backend.readme.files.join(', ')} (${backend.readme.namedBy})` };
    }
    if (backend.dynamic.has('readme')) {
        return {
            item: 'readme',
            outcome: 'unverified',
            message: 'the readme is dynamic ([project] dynamic): the build backend writes it, so only the built files show it'
        };
    }
    const computed = computedBySetupPy(project, 'readme', 'long description (the readme)');
    if (computed)
        return computed;
    if (project.metadataSource === 'setup.cfg')
        return { item: 'readme', outcome: 'missing', message: `setup.cfg declares no readme (${names.readme})` };
    return { item: 'readme', outcome: 'missing', message: 'pyproject.toml declares no readme ([project] readme)' };
}
async function checkLicense(options, backend, folders) {
    const { project } = options;
    const names = FIELD_NAMES[project.metadataSource === 'setup.cfg' ? 'setup.cfg' : 'pyproject'];
    const configFile = annotationPath(project.configPath, options.workspace);
    const named = [...(project.licenseFile ? [project.licenseFile] : [])];
    for (const name of named) {
        if ((await nonEmptyFile((0,external_node_path_.join)(project.dir, name))) !== 'ok') {
            return {
                item: 'license',
                outcome: 'wrong',
                message: `license file ${name} (named by [project] license) is missing or empty`,
                file: configFile
            };
        }
    }
    for (const pattern of project.licenseFiles) {
        let matched;
        try {
            // PEP 639: relative to the project directory, never outside it
            const found = await findFiles(pattern, { cwd: project.dir, root: project.dir, rootName: 'the project directory' });
            matched = found.files.map(file => relativePosix(project.dir, file.path));
        }
        catch (error) {
            const why = error instanceof Error ? error.message : String(error);
            return { item: 'license', outcome: 'wrong', message: `${names.licenseFiles} pattern ${why}`, file: configFile };
        }
        if (matched.length === 0) {
            return {
                item: 'license',
                outcome: 'wrong',
                message: `${names.licenseFiles} pattern '${pattern}' matches no file`,
                file: configFile
            };
        }
        named.push(...matched);
    }
    if (named.length > 0)
        return { item: 'license', outcome: 'pass', message: `license ${named.join(', ')}` };
    // the project folder first, then the folders above it up to the repository root (a monorepo's LICENSE)
    const searched = await folders;
    for (const folder of searched) {
        const found = (await (0,promises_.readdir)(folder)).filter(name => docs_LICENSE_NAME.test(name)).sort();
        const shown = found.map(name => (folder === searched[0] ? name : relativePosix(options.workspace, (0,external_node_path_.join)(folder, name))));
        if (shown.length > 0)
            return { item: 'license', outcome: 'pass', message: `license ${shown.join(', ')}${whereFound(folder, searched)}` };
    }
    const declared = project.license ?? backend.license;
    if (declared !== undefined) {
        return {
            item: 'license',
            outcome: 'unverified',
            message: `the license is declared as '${declared.slice(0, 80)}' but no license file (LICENSE*, COPYING*) ships with it`
        };
    }
    if (backend.dynamic.has('license') || backend.dynamic.has('license-files')) {
        return {
            item: 'license',
            outcome: 'unverified',
            message: 'the license is dynamic ([project] dynamic) and no LICENSE*/COPYING* file is in the project: only the built files show it'
        };
    }
    const computed = computedBySetupPy(project, 'license', 'license');
    if (computed && project.metadataSource === 'setup.py')
        return computed;
    const above = searched.length > 1 ? ' in the project folder or above it up to the repository root' : '';
    return { item: 'license', outcome: 'missing', message: `no license: no LICENSE*/COPYING* file${above} and no ${names.license}` };
}
/**
 * `builtVersion`: the version is the built files' (certify could not know it: setup.py, a dynamic version
 * without a tag): an entry found gives the release notes, a missing one warns, as before the build.
 */
async function checkChangelog(options, folders, builtVersion = false) {
    const searched = await folders;
    const found = await findChangelog(options.project.dir, searched);
    const { path } = found;
    if (found.problem !== undefined) {
        return { item: 'changelog', outcome: 'missing', message: found.problem.message, file: annotationPath(found.problem.config, options.workspace) };
    }
    if (!path) {
        const where = searched.length > 1 ? 'in the project folder or a folder above it up to the repository root, or their docs/' : 'here or under docs/';
        return { item: 'changelog', outcome: 'missing', message: `no changelog (CHANGELOG, CHANGES, HISTORY or NEWS, .md/.rst/.txt, ${where})` };
    }
    const file = annotationPath(path, options.workspace);
    const shown = file ?? path;
    if (options.version === undefined) {
        return {
            item: 'changelog',
            outcome: 'unverified',
            message: `${shown}: the release version is known only after the build (dynamic version, no tag), so its entry was not checked`,
            file,
            awaitsVersion: true
        };
    }
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        const outcome = options.required.includes('changelog') ? 'wrong' : 'unverified';
        return { item: 'changelog', outcome, message: `${shown} could not be read: ${(0,errors/* describeError */.U)(error)}`, file };
    }
    const { entry, unreleasedLine } = findEntry(text, options.version);
    if (!entry) {
        const pending = await pendingFragments(found.fragments);
        const where = unreleasedLine !== undefined
            ? `; the changes are only under 'Unreleased' (line ${unreleasedLine}): give them a heading for ${options.version}`
            : pending.length > 0
                ? `; ${pending.length} towncrier fragment(s) wait in ${annotationPath(found.fragments, options.workspace) ?? found.fragments}: run towncrier build --version ${options.version}`
                : '';
        return {
            item: 'changelog',
            outcome: builtVersion ? 'unverified' : 'wrong',
            message: `${shown} has no entry for ${options.version}${builtVersion ? ' (the version the built files carry)' : ''}${where}`,
            file,
            ...(unreleasedLine ? { line: unreleasedLine } : {})
        };
    }
    if (entry.text === '')
        return {
            item: 'changelog',
            outcome: builtVersion ? 'unverified' : 'wrong',
            message: `${shown}: the entry for ${options.version} ('${entry.heading}') is empty`,
            file,
            line: entry.line
        };
    return { item: 'changelog', outcome: 'pass', message: `changelog entry '${entry.heading}' in ${shown}`, notes: entry.text };
}
function checkUrls(options, backend) {
    const labels = [...Object.keys(options.project.urls), ...backend.urls];
    const found = labels.find(label => docs_HOME_OR_SOURCE.has(label.toLowerCase().replace(/[^a-z]/g, '')));
    if (found)
        return { item: 'urls', outcome: 'pass', message: `urls: ${found}` };
    const computed = labels.length === 0 ? computedBySetupPy(options.project, 'urls', 'urls') : undefined;
    if (computed)
        return computed;
    if (options.project.metadataSource === 'setup.cfg') {
        const message = labels.length === 0 ? 'setup.cfg [metadata] has no url or project_urls' : `setup.cfg [metadata] has no homepage or source link (has ${labels.join(', ')})`;
        return { item: 'urls', outcome: 'missing', message, file: annotationPath(options.project.configPath, options.workspace) };
    }
    if (labels.length === 0 && backend.dynamic.has('urls')) {
        return { item: 'urls', outcome: 'unverified', message: 'the urls are dynamic ([project] dynamic): only the built files show them' };
    }
    return {
        item: 'urls',
        outcome: 'missing',
        message: labels.length === 0 ? 'no [project.urls]' : `[project.urls] has no homepage or source link (has ${labels.join(', ')})`,
        file: annotationPath(options.project.configPath, options.workspace)
    };
}
/**
 * One item's finding, whatever its code meets: an error it did not expect (a path it cannot read)
 * fails a required item and leaves an optional one unverified (a warning), naming what went wrong;
 * the other items are still checked.
 */
async function isolated(item, options, find) {
    try {
        return await find();
    }
    catch (error) {
        return { item, outcome: options.required.includes(item) ? 'wrong' : 'unverified', message: `the ${item} could not be checked: ${(0,errors/* describeError */.U)(error)}` };
    }
}
/** Each docs check's findings, so the check taken again after the build keeps its changelog finding as it was. */
const findingsOf = new WeakMap();
/** What the source tree says of each item, quoted when the built files lack it. */
function sourceHints(project, backend) {
    const readme = project.readme
        ? project.metadataSource === 'setup.cfg'
            ? `setup.cfg names ${project.readme} ([metadata] long_description)`
            : `pyproject.toml names ${project.readme} ([project] readme)`
        : backend.readme
            ? `pyproject.toml names ${backend.readme.files.join(', ')} (${backend.readme.namedBy})`
            : backend.dynamic.has('readme')
                ? 'pyproject.toml lists readme in [project] dynamic'
                : undefined;
    return readme ? { readme } : {};
}
/** The readme, license and urls from the files this run built; an error reading them is each item's finding. */
async function shippedFindings(options, artifacts, backend) {
    const file = annotationPath(options.project.configPath, options.workspace);
    try {
        const shipped = await judgeShipped({
            artifacts,
            validateRst: path => validateRst(options.python, path),
            hints: sourceHints(options.project, backend),
            python: options.python
        });
        return ['readme', 'license', 'urls'].map(item => ({
            ...shipped[item],
            ...(shipped[item].outcome !== 'pass' && file !== undefined ? { file } : {})
        }));
    }
    catch (error) {
        return ['readme', 'license', 'urls'].map(item => ({
            item,
            outcome: options.required.includes(item) ? 'wrong' : 'unverified',
            message: `the ${item} could not be checked in the built files: ${(0,errors/* describeError */.U)(error)}`
        }));
    }
}
async function checkDocs(options) {
    const noBackend = { dynamic: new Set(), urls: [] };
    const backend = await backendDocs(options.project).catch(() => noBackend);
    // the changelog as certify found it, unless only the version was missing and the built files now give it
    // (setup.py, a dynamic version without a tag)
    const previous = options.previous ? findingsOf.get(options.previous)?.find(f => f.item === 'changelog') : undefined;
    const builtVersion = previous?.awaitsVersion === true && options.version !== undefined;
    const kept = builtVersion ? undefined : previous;
    // computed once, on first use: only the source-tree license and the changelog look above the project
    let folders;
    const upToRoot = () => (folders ??= foldersUpToRoot(options.project.dir, options.workspace));
    const changelogFinding = kept ? Promise.resolve(kept) : isolated('changelog', options, () => checkChangelog(options, upToRoot(), builtVersion));
    let readme, license, urls, changelog;
    if (Array.isArray(options.built)) {
        // Only what ships decides: the built files' metadata and members, whoever wrote them.
        ;
        [[readme, license, urls], changelog] = (await Promise.all([shippedFindings(options, options.built, backend), changelogFinding]));
    }
    else {
        ;
        [readme, license, changelog, urls] = await Promise.all([
            isolated('readme', options, () => checkReadme(options, backend)),
            isolated('license', options, () => checkLicense(options, backend, upToRoot())),
            changelogFinding,
            isolated('urls', options, () => checkUrls(options, backend))
        ]);
        if (options.built === 'later') {
            // The build follows in this run: what the source tree shows is a hint, the built files decide.
            ;
            [readme, license, urls] = [readme, license, urls].map(f => f.outcome === 'pass' ? f : { item: f.item, outcome: 'pending', message: `${f.message} (a hint: the built files decide after the build)` });
        }
    }
    const findings = [readme, license, changelog, urls];
    const required = (f) => options.required.includes(f.item);
    const fails = (f) => f.outcome === 'wrong' || (f.outcome === 'missing' && required(f));
    const warns = (f) => !fails(f) && f.outcome !== 'pass' && f.outcome !== 'pending';
    const annotations = findings
        .filter(f => f.outcome !== 'pass' && f.outcome !== 'pending')
        .map(f => ({
        level: fails(f) ? 'error' : 'warning',
        title: `Documentation: ${f.item}${f.outcome === 'missing' ? (required(f) ? ' missing (required)' : ' missing') : ''}`,
        message: f.outcome === 'missing' && required(f) ? `${f.message}; it is required by input 'docs-required'` : f.message,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.file !== undefined && f.line !== undefined ? { line: f.line } : {})
    }));
    const status = findings.some(fails) ? 'fail' : findings.some(warns) ? 'warn' : 'pass';
    const problems = findings.filter(f => f.outcome !== 'pass');
    const where = Array.isArray(options.built)
        ? 'readme, license and urls judged from the built files'
        : options.built === 'later'
            ? undefined
            : "the built files' metadata was not seen (certify ran without build): readme, license and urls were judged from the source tree";
    const judged = problems.length === 0 ? `${findings.map(f => f.item).join(', ')} in order` : problems.map(f => `${f.item}: ${f.message}`).join('; ');
    const message = where ? `${judged}; ${where}` : judged;
    const details = findings.map(f => `${f.item} (${required(f) ? 'required' : 'optional'}): ${f.outcome === 'pass' ? 'ok' : f.outcome} — ${f.message}`);
    const check = { name: 'docs', status, message, annotations, metrics: {}, details };
    findingsOf.set(check, [readme, license, changelog, urls]);
    return { check, releaseNotes: changelog.notes };
}

// EXTERNAL MODULE: ./src/build/builder.ts + 4 modules
var builder = __nccwpck_require__(2937);
// EXTERNAL MODULE: ./src/build/requirements.ts
var requirements = __nccwpck_require__(6322);
// EXTERNAL MODULE: ./src/names.ts
var names = __nccwpck_require__(46455);
// EXTERNAL MODULE: ./src/build/manifest.ts
var build_manifest = __nccwpck_require__(52691);
;// CONCATENATED MODULE: ./src/build/handoff.ts
// The hand-off to later jobs: the built files and their release manifest uploaded through the Actions
// artifact service. The build stage (stage.ts) talks to an ArtifactStore; main.ts hands in the one backed by
// @actions/artifact (artifact-client.ts, loaded only when used), tests may hand in their own, and the CLI none.




/** The placeholders `artifact-name` may hold; each resolves from the runner or the release. */
const NAME_PLACEHOLDERS = ['job', 'os', 'arch', 'name', 'version'];
/** Characters the artifact service refuses in a name (the same list as @actions/artifact's check). */
const INVALID_NAME_CHARACTERS = {
    '"': 'double quote "',
    ':': 'colon :',
    '<': 'less than <',
    '>': 'greater than >',
    '|': 'vertical bar |',
    '*': 'asterisk *',
    '?': 'question mark ?',
    '\r': 'carriage return',
    '\n': 'line feed',
    '\\': 'backslash \\',
    '/': 'forward slash /'
};
/** Why a name (or a template with its placeholders taken out) cannot be an artifact name; undefined when it can. */
function invalidArtifactName(name) {
    if (name.trim() === '')
        return 'it is empty';
    for (const [character, label] of Object.entries(INVALID_NAME_CHARACTERS)) {
        if (name.includes(character))
            return `it contains a ${label}, which the artifact service refuses (it also refuses ${Object.values(INVALID_NAME_CHARACTERS)
                .filter(l => l !== label)
                .join(', ')})`;
    }
    if (name.length > 256)
        return `it is ${name.length} characters long (at most 256)`;
    return undefined;
}
/** Checks an `artifact-name` template; returns why it is unusable, or undefined. */
function invalidNameTemplate(template) {
    for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
        if (!NAME_PLACEHOLDERS.includes(match[1])) {
            return `it has an unknown placeholder '{${match[1]}}'; use any of ${NAME_PLACEHOLDERS.map(p => `{${p}}`).join(', ')}`;
        }
    }
    return invalidArtifactName(template.replace(/\{([^{}]*)\}/g, 'x'));
}
function resolveArtifactName(template, values) {
    return template.replace(/\{([^{}]*)\}/g, (whole, key) => values[key] ?? key);
}
/** An artifact name this job cannot take, or an upload the service refused. */
class ArtifactError extends Error {
    title;
    name = 'ArtifactError';
    constructor(message, 
    /** The annotation's title. */
    title = 'Artifact upload failed') {
        super(message);
        this.title = title;
    }
}
/**
 * Why an artifact already in the run under our name is not this job's own earlier upload of this
 * release (so replacing it would lose another job's files); undefined when it is ours to replace.
 */
function notOurs(existing, ours) {
    if (!existing)
        return 'it holds no release manifest this action can read, so another step uploaded it';
    if (existing.source.job !== ours.source.job || existing.source.workflow !== ours.source.workflow) {
        return `job '${existing.source.job ?? '?'}' of workflow '${existing.source.workflow ?? '?'}' uploaded it`;
    }
    if (existing.project !== ours.project)
        return `it holds project ${existing.project}, not ${ours.project}`;
    const filenames = new Set(ours.files.map(f => f.filename));
    const lost = existing.files.map(f => f.filename).filter(name => !filenames.has(name));
    if (lost.length > 0)
        return `it holds ${lost.join(', ')}, which this job did not build (another matrix job's files?)`;
    return undefined;
}
/** The release manifest an artifact downloaded into `dir` holds; undefined when it holds none that parses. */
async function heldManifest(dir) {
    const name = (await (0,promises_.readdir)(dir)).find(build_manifest/* isManifestName */.zU);
    if (name === undefined)
        return undefined;
    try {
        return (0,build_manifest/* parseManifest */.Ng)(await (0,promises_.readFile)((0,external_node_path_.join)(dir, name), 'utf8'), name);
    }
    catch {
        return undefined;
    }
}
/**
 * Uploads the built files and release-manifest.json as one artifact. An artifact of the same name
 * from an earlier attempt of this job (same job, same project, no file this run lacks) is replaced;
 * any other holder of the name is an error, and nothing is deleted.
 */
async function uploadRelease(options) {
    const { store, name, manifest, logger } = options;
    const taken = (why, id) => new ArtifactError(`Input 'artifact-name': this run already has an artifact named '${name}'${id ? ` (id ${id})` : ''} and ${why}; nothing was replaced. ` +
        `Give each job its own name, e.g. 'python-package-distributions-{job}-{os}' or one with \${{ matrix.* }} values.`, 'Artifact name taken');
    let replaced;
    const existing = await store.find(name);
    if (existing) {
        const previous = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.workDir, 'previous-'));
        await store.download(existing.id, previous);
        const held = await heldManifest(previous);
        await (0,promises_.rm)(previous, { recursive: true, force: true });
        const why = notOurs(held, manifest);
        if (why)
            throw taken(why, existing.id);
        logger.info(`artifact '${name}' (id ${existing.id}) is this job's upload from an earlier attempt (run attempt ${held?.source.run_attempt ?? '?'}): replacing it`);
        await store.remove(name);
        replaced = existing.id;
    }
    // Stage the files flat beside the manifest (hard links; a copy across file systems).
    const staging = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.workDir, 'artifact-'));
    const files = [];
    for (const artifact of options.artifacts) {
        const target = (0,external_node_path_.join)(staging, artifact.filename);
        await (0,promises_.link)(artifact.path, target).catch(() => (0,promises_.copyFile)(artifact.path, target));
        files.push(target);
    }
    const manifestPath = (0,external_node_path_.join)(staging, (0,external_node_path_.basename)(options.manifestPath));
    await (0,promises_.copyFile)(options.manifestPath, manifestPath);
    files.push(manifestPath);
    try {
        const uploaded = await store.upload(name, files, staging, options.retentionDays);
        logger.info(`uploaded artifact '${name}' (id ${uploaded.id}, ${uploaded.size} bytes${uploaded.digest ? `, sha256 ${uploaded.digest}` : ''})`);
        return { name, ...uploaded, replaced };
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // Another job took the name between our look and our upload (a matrix without distinct names).
        if (/\(409\)|already exists/i.test(message))
            throw taken('another job uploaded it while this one was uploading');
        throw new ArtifactError(`Uploading artifact '${name}' failed: ${message}`);
    }
    finally {
        await (0,promises_.rm)(staging, { recursive: true, force: true });
    }
}
/**
 * The artifact name this job uploads as: the 'artifact-name' template with the runner's and the release's
 * values. Throws ArtifactError when the result cannot be an artifact name.
 */
function artifactNameFor(template, env, project, version) {
    const name = resolveArtifactName(template, {
        job: env.job,
        os: env.runnerOs?.toLowerCase(),
        arch: env.runnerArch?.toLowerCase(),
        name: project ? (0,names/* normalizeName */.P)(project) : undefined,
        version
    });
    const invalid = invalidArtifactName(name);
    if (invalid) {
        throw new ArtifactError(`Input 'artifact-name' resolves to '${name}', which cannot be an artifact name: ${invalid}`, 'Invalid artifact name');
    }
    return name;
}

// EXTERNAL MODULE: ./src/publish/existing.ts
var existing = __nccwpck_require__(97194);
// EXTERNAL MODULE: ./src/publish/index-api.ts
var index_api = __nccwpck_require__(66098);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __nccwpck_require__(73136);
;// CONCATENATED MODULE: ./src/certify/report-paths.ts
// Mapping the paths a report names onto files in the repository. Reports name files
// relative to where the tool ran (the project directory or the repository root) or
// absolutely, often on another machine or in a container (/builds/org/repo/...);
// only files that exist in this checkout count.



/** Path components that mark an installed or standard-library file, never the project's own code. */
function isForeign(parts) {
    return parts.some((part, i) => part === 'site-packages' || part === 'dist-packages' || (part.toLowerCase() === 'lib' && /^python\d/i.test(parts[i + 1] ?? '')));
}
class RepositoryPaths {
    workspace;
    projectDir;
    isFileCache = new Map();
    locateCache = new Map();
    constructor(workspace, projectDir) {
        this.workspace = workspace;
        this.projectDir = projectDir;
    }
    /**
     * The absolute path of the repository file that `reportPath` names, or undefined.
     * A relative path is tried against the project directory, then the workspace; an
     * absolute one as it is when it lies inside the workspace. Failing that, the
     * longest trailing part of the path that names a file under the project directory
     * (preferred) or the workspace wins, so /builds/other/repo/tests/test_x.py finds
     * tests/test_x.py.
     */
    locate(reportPath) {
        if (this.locateCache.has(reportPath))
            return this.locateCache.get(reportPath);
        const found = this.search(reportPath);
        this.locateCache.set(reportPath, found);
        return found;
    }
    /** The path relative to the workspace with forward slashes, as annotations want it. */
    relative(absolute) {
        return relativePosix(this.workspace, absolute);
    }
    /** Whether an absolute path lies inside the project directory. */
    inProject(absolute) {
        return isInside(this.projectDir, absolute);
    }
    search(reportPath) {
        const text = reportPath.trim().replace(/\\/g, '/');
        if (text === '' || text.startsWith('<'))
            return undefined; // <string>, <frozen ...>
        const drive = /^[A-Za-z]:\//.test(text);
        const absolute = drive || text.startsWith('/');
        const parts = text.split('/').filter(part => part !== '' && part !== '.');
        if (drive)
            parts.shift();
        if (parts.length === 0 || isForeign(parts))
            return undefined;
        if (absolute && !drive && this.isRepositoryFile((0,external_node_path_.resolve)(text)))
            return (0,external_node_path_.resolve)(text);
        if (!absolute) {
            for (const base of [this.projectDir, this.workspace]) {
                const candidate = (0,external_node_path_.resolve)(base, text);
                if (this.isRepositoryFile(candidate))
                    return candidate;
            }
        }
        // Trailing parts only make sense without '..' in them.
        if (parts.includes('..'))
            return undefined;
        for (let start = absolute ? 0 : 1; start < parts.length; start++) {
            const suffix = parts.slice(start).join('/');
            for (const base of [this.projectDir, this.workspace]) {
                const candidate = (0,external_node_path_.join)(base, suffix);
                if (this.isRepositoryFile(candidate))
                    return candidate;
            }
        }
        return undefined;
    }
    isRepositoryFile(candidate) {
        if (!isInside(this.workspace, candidate))
            return false;
        let isFile = this.isFileCache.get(candidate);
        if (isFile === undefined) {
            try {
                isFile = (0,external_node_fs_.statSync)(candidate).isFile();
            }
            catch {
                isFile = false;
            }
            this.isFileCache.set(candidate, isFile);
        }
        return isFile;
    }
}

// EXTERNAL MODULE: ./node_modules/saxes/saxes.js
var saxes = __nccwpck_require__(59800);
;// CONCATENATED MODULE: ./src/certify/reports.ts
// What the report-reading gates (tests, coverage) share: the context they run in,
// turning a glob input into report files, and a bounded-memory streaming XML reader.



/** A problem with a report file's content; the gate turns it into a failed check, never a crash. */
class ReportError extends Error {
    line;
    constructor(message, line) {
        super(message);
        this.line = line;
        this.name = 'ReportError';
    }
}
// ---- globs -------------------------------------------------------------------
/** Splits an input on newlines and on commas outside {…}; drops blanks and surrounding space. */
function splitPatterns(input) {
    const patterns = [];
    let depth = 0;
    let current = '';
    for (const char of input) {
        if (char === '{')
            depth++;
        else if (char === '}' && depth > 0)
            depth--;
        if (char === '\n' || char === '\r' || (char === ',' && depth === 0)) {
            patterns.push(current);
            current = '';
            continue;
        }
        current += char;
    }
    patterns.push(current);
    return patterns.map(pattern => pattern.trim()).filter(pattern => pattern !== '');
}
const positivePatterns = (patterns) => patterns.filter(p => !p.startsWith('!') && !p.startsWith('#'));
/**
 * Each positive pattern of an input with the files it matches; `!` patterns exclude from all
 * of them, `#` lines are comments. Globs (`*`, `**`, `{a,b}`) are relative to the working
 * directory, which the runner sets to GITHUB_WORKSPACE, and stay inside the workspace: a
 * pattern reaching outside it throws PatternError, a walk past GLOB_LIMITS GlobLimitError.
 */
async function matchReportPatterns(input, scope) {
    const patterns = splitPatterns(input);
    const ignore = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1));
    const globScope = { cwd: scope.cwd ?? process.cwd(), root: scope.workspace, ignore, limits: scope.globLimits };
    const matches = [];
    for (const pattern of positivePatterns(patterns)) {
        const found = await findFiles(pattern, globScope);
        matches.push({
            pattern,
            files: found.files.map(file => file.path),
            realPaths: new Map(found.files.map(file => [file.path, { real: file.real, throughLink: file.throughLink }])),
            skippedLinks: found.skippedLinks
        });
    }
    return matches;
}
/**
 * Why an input's patterns cannot be matched inside the workspace (a wildcard outside it, or `..`
 * after one), or undefined: the caller reports it as a usage error before any stage runs.
 */
function reportPatternsProblem(input, patterns, scope) {
    const globScope = { cwd: scope.cwd ?? process.cwd(), root: scope.workspace };
    for (const pattern of positivePatterns(splitPatterns(patterns))) {
        const problem = patternProblem(pattern, globScope);
        if (problem !== undefined)
            return `Input '${input}': ${problem}`;
    }
    return undefined;
}
/** The first report input whose patterns reach outside the workspace, with why; see reportPatternsProblem. */
function reportInputsProblem(inputs, scope) {
    const given = [
        ['junit-xml', inputs.junitXml],
        ['coverage-report', inputs.coverageReport],
        ['security-report', inputs.securityReport]
    ];
    for (const [input, patterns] of given) {
        const message = reportPatternsProblem(input, patterns, scope);
        if (message !== undefined)
            return { input, message };
    }
    return undefined;
}
/**
 * The report files an input names, or why it names none: a pattern that matches no file
 * is a failed check (the test step did not write where the input says), not a usage error.
 * A file reached by several paths (links, overlapping patterns) is read once.
 */
async function reportFilesOf(input, patterns, hint, scope) {
    let matches;
    try {
        matches = await matchReportPatterns(patterns, scope);
    }
    catch (error) {
        return { problem: `input '${input}': ${errorMessage(error)}` };
    }
    const unmatched = matches.filter(match => match.files.length === 0);
    if (matches.length === 0 || unmatched.length > 0) {
        const which = unmatched.map(match => `'${match.pattern}'`).join(', ') || `'${patterns.trim()}'`;
        const skipped = unmatched.flatMap(match => match.skippedLinks);
        const links = skipped.length > 0
            ? ` (not followed, as they lead out of the workspace: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? `, and ${skipped.length - 3} more` : ''})`
            : '';
        return { problem: `input '${input}': ${which} matched no file (relative to ${scope.cwd ?? process.cwd()})${links}; ${hint}` };
    }
    return { files: onePerRealFile(matches) };
}
/** Globs from an input (see matchReportPatterns): sorted absolute paths of the matched FILES, one per real file. */
async function resolveReportFiles(patterns, scope) {
    return onePerRealFile(await matchReportPatterns(patterns, scope));
}
function onePerRealFile(matches) {
    // by real path: the first path reached without a link, else the first
    const byReal = new Map();
    for (const match of matches) {
        for (const file of match.files) {
            const { real, throughLink } = match.realPaths.get(file) ?? { real: file, throughLink: false };
            const known = byReal.get(real);
            if (known === undefined || (known.throughLink && !throughLink))
                byReal.set(real, { file, throughLink });
        }
    }
    return [...byReal.values()].map(entry => entry.file).sort();
}


/**
 * Formats a percentage with two decimals, never rounding a figure that misses its
 * threshold up to one that seems to meet it (99.995 against 100 shows 99.99).
 */
function formatPercent(value, threshold) {
    let text = value.toFixed(2);
    if (threshold !== undefined && value < threshold && Number(text) >= threshold) {
        text = (Math.floor(value * 100) / 100).toFixed(2);
    }
    return `${text}%`;
}
/**
 * A copy of a string that holds no reference to the text it was cut from. V8 keeps a slice
 * (and a concatenation) of a string as a view onto the original, so a short message kept
 * from each of thousands of failures would otherwise keep each 64 KiB read chunk alive.
 */
function detach(text) {
    return Buffer.from(text, 'utf8').toString('utf8');
}
// ---- quoting a report ----------------------------------------------------------
/** The most of a report's own text an error message quotes. */
const EXCERPT_LENGTH = 40;
/** Only this much of a line is looked at for credentials (a quote never shows more than EXCERPT_LENGTH). */
const MASK_WINDOW = 4096;
/** Shapes of credentials: each is replaced, keeping only what says which kind it was. */
const CREDENTIAL_SHAPES = [
    [/\bpypi-[\w-]+/g, 'pypi-***'],
    [/\b(gh[pousr]_)\w+/g, '$1***'],
    [/\bgithub_pat_\w+/g, 'github_pat_***'],
    [/\b(AKIA|ASIA)[0-9A-Z]{12,}/g, '$1***'],
    [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***'],
    [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*).*/gi, '$1$2***'],
    [/\b(bearer|basic|token)(\s+)[\w+/=.~-]{8,}/gi, '$1$2***'],
    [/([a-z][\w+.-]*:\/\/)[^\s/@]+@/gi, '$1***@'],
    [
        /\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?|auth)[\w.-]*)(["']?\s*[:=]\s*)("[^"]*"?|'[^']*'?|[^\s,;&}]+)/gi,
        '$1$2***'
    ]
];
/** A text with every credential shape in it masked (pypi-…, gh?_…, github_pat_…, password=…, Authorization: …, user:pass@ in URLs). */
function maskCredentials(text) {
    let masked = text;
    for (const [shape, replacement] of CREDENTIAL_SHAPES)
        masked = masked.replace(shape, replacement);
    return masked;
}
/** Control characters, C1 controls, bidirectional overrides and line separators, shown escaped. */
function escapeControls(text) {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, char => {
        const code = char.charCodeAt(0);
        if (char === '\t')
            return '\\t';
        if (char === '\r')
            return '\\r';
        if (char === '\n')
            return '\\n';
        return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    });
}
/**
 * What an error message may quote of a report's text (a file named by mistake could hold
 * credentials): its first non-blank line, credential shapes masked, at most `max` characters,
 * control characters escaped.
 */
function excerpt(text, max = EXCERPT_LENGTH) {
    const start = text.replace(/^\uFEFF/, '').slice(0, MASK_WINDOW * 4);
    const line = (start.split(/\r\n|\n|\r/).find(part => part.trim() !== '') ?? '').trim().slice(0, MASK_WINDOW);
    const masked = maskCredentials(line);
    const chars = [...masked];
    const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : masked;
    return escapeControls(cut);
}
/**
 * A parser's message about a report, safe to show: credential shapes masked, control
 * characters escaped, any word (a name taken from the report) cut to EXCERPT_LENGTH.
 */
function safeReportMessage(message) {
    const masked = escapeControls(maskCredentials(message.slice(0, MASK_WINDOW)));
    return masked.replace(/\S{41,}/g, word => `${[...word].slice(0, EXCERPT_LENGTH - 1).join('')}…`);
}
/**
 * Why JSON.parse refused a report, without the text V8 quotes from it
 * (`Unexpected token 'p', "pypi-AgEIc"... is not valid JSON`).
 */
function jsonSyntaxProblem(error) {
    const message = errorMessage(error)
        .replace(/,?\s*"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON$/, '')
        .replace(/^Unexpected token '[\s\S]*?'$/, 'an unexpected character');
    return safeReportMessage(message);
}
const READ_CHUNK = 64 * 1024;
/** saxes buffers a text node (or attribute value) whole; past this we drain or cut it after each chunk. */
const TEXT_BUFFER_LIMIT = 16 * 1024;
/**
 * Streams an XML file through saxes, chunk by chunk, in bounded memory. saxes never
 * reads a DTD, so a DOCTYPE that declares entities (billion laughs, external
 * entities) ends in an "undefined entity" error at the first reference rather than
 * an expansion. Throws ReportError (with the line when known) for malformed XML and
 * passes on any ReportError a handler throws.
 */
async function streamXml(file, handlers) {
    const parser = new saxes/* SaxesParser */.wT({ xmlns: false, position: true });
    // saxes keeps the text of the current node (or attribute value) in a private
    // buffer until the node ends; a failure text of many megabytes would stay in
    // memory whole. After each chunk we take that buffer over (inside an element)
    // or cut it (in a tag, where it is an attribute value; or in the prolog).
    const internals = parser;
    let inTag = false;
    let depth = 0;
    let seenRoot = false;
    const deliver = (text) => {
        if (handlers.text !== undefined && (handlers.wantText?.() ?? true))
            handlers.text(text);
    };
    parser.on('opentagstart', () => {
        inTag = true;
    });
    parser.on('opentag', tag => {
        inTag = false;
        seenRoot = true;
        depth++;
        handlers.opentag(tag);
    });
    parser.on('closetag', tag => {
        depth--;
        handlers.closetag(tag);
    });
    if (handlers.text !== undefined) {
        parser.on('text', deliver);
        parser.on('cdata', deliver);
    }
    const boundTextBuffer = () => {
        const buffered = internals.text;
        if (typeof buffered !== 'string' || buffered.length <= TEXT_BUFFER_LIMIT)
            return;
        if (seenRoot && depth > 0 && !inTag) {
            internals.text = '';
            deliver(buffered);
        }
        else {
            internals.text = buffered.slice(0, TEXT_BUFFER_LIMIT);
        }
    };
    const stream = (0,external_node_fs_.createReadStream)(file, { highWaterMark: READ_CHUNK });
    let decoder;
    try {
        for await (const piece of stream) {
            // The encoding comes from the first bytes (a BOM, or `<` as UTF-16); the decoder drops the BOM.
            decoder ??= new TextDecoder(sniffEncoding(piece));
            parser.write(decoder.decode(piece, { stream: true }));
            boundTextBuffer();
        }
        if (decoder)
            parser.write(decoder.decode());
        parser.close();
    }
    catch (error) {
        stream.destroy();
        throw asReportError(error, parser.line);
    }
}
/** UTF-8 unless the document starts with a UTF-16 byte order mark or a UTF-16 `<` (PowerShell and .NET tools write UTF-16). */
function sniffEncoding(start) {
    if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0x3c && start[1] === 0x00))
        return 'utf-16le';
    if ((start[0] === 0xfe && start[1] === 0xff) || (start[0] === 0x00 && start[1] === 0x3c))
        return 'utf-16be';
    return 'utf-8';
}
/** The message of anything thrown (errors from Node's fs may come from another realm, so no instanceof). */
function errorMessage(error) {
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
        return error.message;
    }
    return String(error);
}
/** Whatever went wrong reading a report, as a ReportError the gate can fail with. */
function asReportProblem(error) {
    return error instanceof ReportError ? error : new ReportError(`cannot be read: ${errorMessage(error)}`);
}
function asReportError(error, line) {
    if (error instanceof ReportError)
        return error;
    const message = errorMessage(error);
    if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
        return new ReportError(`cannot be read: ${message}`);
    }
    // saxes prefixes "line:column: "; we say the line in words
    const match = /^(\d+):(\d+): (.*)$/s.exec(message);
    if (match) {
        const errorLine = Number(match[1]);
        return new ReportError(`is not well-formed XML: line ${errorLine}: ${safeReportMessage(match[3])}`, errorLine);
    }
    return new ReportError(`is not well-formed XML: line ${line}: ${safeReportMessage(message)}`, line);
}

// EXTERNAL MODULE: ./src/env.ts
var src_env = __nccwpck_require__(78204);
;// CONCATENATED MODULE: ./src/certify/security.ts
// The `security` check: findings from pip-audit JSON, bandit JSON and SARIF 2.1.0 (any
// scanner), told apart by content, gate the release at `fail-on-severity`. With
// `security-scan: bandit` and no report, the action runs bandit on the sources itself.










const INPUT = 'security-report';
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const FAIL_ON_SEVERITIES = [...SEVERITIES, 'none'];
const SECURITY_SCANS = ['none', 'bandit'];
/** Reports larger than this are refused rather than parsed whole. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;
/** Findings described in annotations; the rest are counted. */
const MAX_LISTED = 200;
/** Findings listed in the job summary (a line each; the summary is cut at 1 MiB anyway). */
const MAX_LISTED_IN_SUMMARY = 5000;
function check(status, message, extra = {}) {
    return { name: 'security', status, message, annotations: [], metrics: {}, details: [], ...extra };
}
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value) => (typeof value === 'string' ? value : undefined);
const security_strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
async function parseSecurityReport(file) {
    const info = await (0,promises_.stat)(file);
    if (info.size === 0)
        throw new ReportError('is empty');
    if (info.size > MAX_REPORT_BYTES)
        throw new ReportError(`is ${info.size} bytes; security reports over ${MAX_REPORT_BYTES} bytes are not read`);
    let text = (await (0,promises_.readFile)(file)).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff)
        text = text.slice(1);
    if (text.trim() === '')
        throw new ReportError('is empty');
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        const trimmed = text.trimStart();
        const what = trimmed.startsWith('<') ? 'is XML, not JSON' : 'is not valid JSON';
        throw new ReportError(`${what} (${jsonSyntaxProblem(error)}; it begins '${excerpt(text)}'); pass pip-audit JSON (-f json), bandit JSON (-f json) or SARIF 2.1.0`);
    }
    if (Array.isArray(data) && data.every(item => isObject(item) && typeof item.name === 'string'))
        return parsePipAudit(data);
    if (isObject(data)) {
        if (Array.isArray(data.runs) || data.runs === null || /sarif/i.test(str(data.$schema) ?? ''))
            return parseSarif(data);
        if (Array.isArray(data.dependencies))
            return parsePipAudit(data.dependencies);
        if (Array.isArray(data.results) && (isObject(data.metrics) || 'generated_at' in data || 'errors' in data))
            return parseBandit(data);
    }
    throw new ReportError('is JSON but neither pip-audit JSON (a "dependencies" list), bandit JSON ("results" and "metrics") nor SARIF 2.1.0 ("version" and "runs")');
}
/** pip-audit `-f json`: {dependencies: [{name, version, vulns: [{id, fix_versions, aliases?, description?}]} | {name, skip_reason}], fixes}; before 2.0 the bare list. */
function parsePipAudit(dependencies) {
    const findings = [];
    const gaps = [];
    for (const dependency of dependencies) {
        if (!isObject(dependency))
            throw new ReportError('has a dependency entry that is not an object');
        const name = str(dependency.name);
        if (name === undefined)
            throw new ReportError('has a dependency without a "name"');
        const skip = str(dependency.skip_reason);
        if (skip !== undefined) {
            gaps.push(`pip-audit skipped ${name}: ${skip}`);
            continue;
        }
        const version = str(dependency.version) ?? '?';
        if (dependency.vulns !== undefined && !Array.isArray(dependency.vulns))
            throw new ReportError(`has "vulns" of ${name} that is not a list`);
        for (const vuln of dependency.vulns ?? []) {
            if (!isObject(vuln) || str(vuln.id) === undefined)
                throw new ReportError(`has a vulnerability of ${name} without an "id"`);
            const id = vuln.id;
            const aliases = security_strings(vuln.aliases);
            const fixVersions = security_strings(vuln.fix_versions);
            const fix = fixVersions.length > 0 ? `fixed in ${fixVersions.join(', ')}` : 'no fixed version published';
            const also = aliases.length > 0 ? ` (${aliases.join(', ')})` : '';
            findings.push({
                tool: 'pip-audit',
                id,
                ids: [id, ...aliases],
                severity: undefined,
                summary: `${name} ${version}: ${id}${also}; ${fix}`,
                dependency: { name, version, fixVersions }
            });
        }
    }
    return { format: 'pip-audit', findings, gaps, tools: ['pip-audit'] };
}
const BANDIT_SEVERITY = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };
/** bandit `-f json`: {errors: [{filename, reason}], results: [{filename, line_number, test_id, test_name, issue_severity, issue_confidence, issue_text, more_info}]}. */
function parseBandit(data) {
    const findings = [];
    for (const result of data.results) {
        if (!isObject(result))
            throw new ReportError('has a result that is not an object');
        const id = str(result.test_id);
        if (id === undefined)
            throw new ReportError('has a result without a "test_id"');
        const severityText = (str(result.issue_severity) ?? '').toUpperCase();
        const name = str(result.test_name);
        const line = typeof result.line_number === 'number' && result.line_number > 0 ? result.line_number : undefined;
        findings.push({
            tool: 'bandit',
            id,
            ids: [id, ...(name ? [name] : [])],
            // UNDEFINED (a plugin that sets none) is graded low: listed, not gating.
            severity: BANDIT_SEVERITY[severityText] ?? 'low',
            confidence: str(result.issue_confidence)?.toLowerCase(),
            summary: `${id}${name ? ` (${name})` : ''}: ${str(result.issue_text) ?? 'issue'}${str(result.more_info) ? ` ${result.more_info}` : ''}`,
            path: str(result.filename),
            line
        });
    }
    const gaps = (Array.isArray(data.errors) ? data.errors : []).map(error => isObject(error) ? `bandit could not scan ${str(error.filename) ?? '?'}: ${str(error.reason) ?? 'error'}` : 'bandit reported an error');
    return { format: 'bandit', findings, gaps, tools: ['bandit'] };
}
/** CVSS v3 bands, as GitHub code scanning grades `security-severity`. */
function severityFromScore(score) {
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    return 'low';
}
const SARIF_LEVEL = { error: 'high', warning: 'medium', note: 'low', none: 'low' };
function securitySeverity(properties) {
    if (!isObject(properties))
        return undefined;
    const value = properties['security-severity'];
    const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(score) ? score : undefined;
}
/** SARIF 2.1.0 (OASIS): runs[].tool.driver.rules, runs[].results with ruleId/ruleIndex, level, locations, suppressions. */
function parseSarif(data) {
    const version = str(data.version);
    if (version !== '2.1.0')
        throw new ReportError(`is SARIF version ${excerpt(JSON.stringify(data.version ?? null))}; only SARIF 2.1.0 is read`);
    if (!Array.isArray(data.runs))
        throw new ReportError('is SARIF with "runs": null: the scanner failed before it ran');
    const findings = [];
    const gaps = [];
    const tools = [];
    if (data.runs.length === 0)
        gaps.push('the SARIF file holds no runs: no scanner result is in it');
    data.runs.forEach((run, runIndex) => {
        if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver))
            throw new ReportError(`has run ${runIndex} without tool.driver`);
        const driver = run.tool.driver;
        const tool = str(driver.name) ?? 'SARIF';
        if (!tools.includes(tool))
            tools.push(tool);
        const rules = [driver, ...(Array.isArray(run.tool.extensions) ? run.tool.extensions : [])].flatMap(component => isObject(component) && Array.isArray(component.rules) ? component.rules.filter(isObject) : []);
        const driverRules = Array.isArray(driver.rules) ? driver.rules : [];
        const baseIds = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
        const artifacts = Array.isArray(run.artifacts) ? run.artifacts : [];
        if (run.results === null || run.results === undefined) {
            gaps.push(`${tool} (run ${runIndex}) has no results list: it did not finish its scan`);
            return;
        }
        if (!Array.isArray(run.results))
            throw new ReportError(`has run ${runIndex} whose "results" is not a list`);
        for (const result of run.results) {
            if (!isObject(result))
                throw new ReportError(`has a result in run ${runIndex} that is not an object`);
            // Only failures are findings (kind defaults to fail); accepted suppressions hide a result.
            const kind = str(result.kind) ?? 'fail';
            if (kind !== 'fail')
                continue;
            if (str(result.baselineState) === 'absent')
                continue;
            const suppressions = Array.isArray(result.suppressions) ? result.suppressions : [];
            if (suppressions.length > 0 && suppressions.every(s => isObject(s) && (s.status === undefined || s.status === 'accepted')))
                continue;
            const ruleRef = isObject(result.rule) ? result.rule : {};
            const ruleIndex = typeof result.ruleIndex === 'number' ? result.ruleIndex : typeof ruleRef.index === 'number' ? ruleRef.index : undefined;
            const ruleId = str(result.ruleId) ?? str(ruleRef.id);
            let rule;
            if (ruleIndex !== undefined && !isObject(ruleRef.toolComponent) && isObject(driverRules[ruleIndex]))
                rule = driverRules[ruleIndex];
            rule ??= ruleId !== undefined ? rules.find(candidate => candidate.id === ruleId) : undefined;
            const id = ruleId ?? str(rule?.id) ?? 'unnamed-rule';
            const score = securitySeverity(result.properties) ?? securitySeverity(rule?.properties);
            const defaults = isObject(rule?.defaultConfiguration) ? rule.defaultConfiguration : {};
            const level = str(result.level) ?? str(defaults.level) ?? 'warning';
            const severity = score !== undefined ? severityFromScore(score) : (SARIF_LEVEL[level] ?? 'medium');
            const message = isObject(result.message) ? (str(result.message.text) ?? str(result.message.markdown)) : undefined;
            const ruleText = isObject(rule?.shortDescription) ? str(rule.shortDescription.text) : undefined;
            const location = sarifLocation(result, baseIds, artifacts);
            const confidence = isObject(result.properties) ? (str(result.properties.confidence) ?? str(result.properties.precision)) : undefined;
            findings.push({
                tool,
                id,
                ids: [id, ...(str(rule?.name) ? [rule.name] : [])],
                severity,
                confidence: confidence ?? (isObject(rule?.properties) ? str(rule.properties.precision) : undefined),
                summary: `${id}: ${firstLine(message ?? ruleText ?? 'finding')}${score !== undefined ? ` (security-severity ${score})` : ''}`,
                ...location
            });
        }
    });
    return { format: 'sarif', findings, gaps, tools };
}
function firstLine(text) {
    const line = text.trim().split('\n')[0] ?? '';
    return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
/** A result's first physical location: its URI resolved through uriBaseId, as a path, and its start line. */
function sarifLocation(result, baseIds, artifacts) {
    const locations = Array.isArray(result.locations) ? result.locations : [];
    const physical = isObject(locations[0]) && isObject(locations[0].physicalLocation) ? locations[0].physicalLocation : undefined;
    if (physical === undefined)
        return {};
    let artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : undefined;
    if (artifact && str(artifact.uri) === undefined && typeof artifact.index === 'number') {
        const listed = artifacts[artifact.index];
        if (isObject(listed) && isObject(listed.location))
            artifact = listed.location;
    }
    const region = isObject(physical.region) ? physical.region : {};
    const line = typeof region.startLine === 'number' && region.startLine > 0 ? region.startLine : undefined;
    const uri = artifact ? str(artifact.uri) : undefined;
    if (uri === undefined)
        return line !== undefined ? { line } : {};
    return { path: resolveUri(uri, artifact ? str(artifact.uriBaseId) : undefined, baseIds), ...(line !== undefined ? { line } : {}) };
}
function resolveUri(uri, baseId, baseIds, depth = 0) {
    if (/^file:/i.test(uri)) {
        try {
            return (0,external_node_url_.fileURLToPath)(uri);
        }
        catch {
            return decodeURIComponent(uri.replace(/^file:\/*/i, '/'));
        }
    }
    let path = uri;
    try {
        path = decodeURIComponent(uri);
    }
    catch {
        // a stray % stays as written
    }
    const base = baseId !== undefined ? baseIds[baseId] : undefined;
    if (isObject(base) && depth < 8) {
        const baseUri = str(base.uri);
        if (baseUri !== undefined) {
            const prefix = resolveUri(baseUri, str(base.uriBaseId), baseIds, depth + 1);
            return prefix === '' ? path : `${prefix.replace(/\/?$/, '/')}${path}`;
        }
    }
    return path;
}
// ---- gating ------------------------------------------------------------------
const rank = (severity) => SEVERITIES.indexOf(severity);
/** Whether a finding fails the gate at the threshold; pip-audit's ungraded findings fail at any threshold but none. */
function gates(finding, threshold) {
    if (threshold === 'none')
        return false;
    if (finding.severity === undefined)
        return true;
    return rank(finding.severity) >= rank(threshold);
}
async function checkSecurity(options, ctx) {
    const given = options.patterns.trim() !== '';
    if (!given && options.scan === 'none') {
        return check('skip', `no security report given (input '${INPUT}') and no scan asked for (input 'security-scan')`);
    }
    const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir);
    const reports = [];
    const problems = [];
    const problemAnnotations = [];
    if (given) {
        const found = await reportFilesOf(INPUT, options.patterns, 'did the scan step write its report there (pip-audit -f json -o PATH, bandit -f json -o PATH, a SARIF file)?', ctx);
        if ('problem' in found)
            return check('fail', found.problem);
        for (const file of found.files) {
            const shown = displayPath(file, ctx.workspace);
            try {
                reports.push({ file, shown, report: await parseSecurityReport(file) });
            }
            catch (error) {
                const problem = `security report ${shown} ${asReportProblem(error).message}`;
                problems.push(problem);
                const located = paths.locate(file);
                problemAnnotations.push({
                    level: 'error',
                    title: 'Unreadable security report',
                    message: `${problem} (input '${INPUT}')`,
                    ...(located ? { file: paths.relative(located) } : {})
                });
            }
        }
    }
    else {
        const scanned = await runBandit(options, ctx);
        if ('problem' in scanned)
            return check('fail', scanned.problem);
        reports.push({ file: '', shown: 'bandit scan', report: scanned.report });
    }
    if (problems.length > 0) {
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : '';
        return check('fail', `${problems[0]}${more}`, { annotations: problemAnnotations, details: problems.length > 1 ? problems : [] });
    }
    const ignores = new Map(options.ignoreVulns.map(id => [id.toUpperCase(), { id, used: 0 }]));
    const kept = [];
    let ignored = 0;
    for (const { report } of reports) {
        for (const finding of report.findings) {
            const matches = finding.ids.map(id => ignores.get(id.toUpperCase())).filter(entry => entry !== undefined);
            if (matches.length > 0) {
                for (const entry of matches)
                    entry.used++;
                ignored++;
                continue;
            }
            kept.push(finding);
        }
    }
    const failing = kept.filter(finding => gates(finding, options.failOnSeverity));
    const below = kept.filter(finding => !gates(finding, options.failOnSeverity));
    const stale = [...ignores.values()].filter(entry => entry.used === 0).map(entry => entry.id);
    const gaps = reports.flatMap(({ shown, report }) => report.gaps.map(gap => `${shown}: ${gap}`));
    const declarations = new DependencyDeclarations(ctx.projectDir, paths);
    const annotations = [];
    for (const finding of [...failing, ...below].slice(0, MAX_LISTED)) {
        annotations.push(await annotate(finding, gates(finding, options.failOnSeverity) ? 'error' : 'warning', paths, declarations));
    }
    for (const id of stale) {
        annotations.push({
            level: 'warning',
            title: 'Stale ignore',
            message: `input 'ignore-vulns': '${id}' matched no finding in the security reports; remove it so that it cannot hide a future one`
        });
    }
    for (const gap of gaps)
        annotations.push({ level: 'warning', title: 'Not fully scanned', message: gap });
    const tools = [...new Set(reports.flatMap(({ report }) => report.tools))];
    const threshold = options.failOnSeverity === 'none' ? 'never fails (fail-on-severity: none)' : `fails at ${options.failOnSeverity} and above`;
    const counts = (kept.length === 0 ? 'no findings' : `${kept.length} findings (${failing.length} at or above the threshold, ${below.length} below)`) +
        (ignored > 0 ? `, ${ignored} ignored` : '');
    const message = `${counts} from ${tools.join(', ') || 'no scanner'} in ${reports.length} report${reports.length === 1 ? '' : 's'}; ${threshold}`;
    const details = [
        ...reports.map(({ shown, report }) => `${shown}: ${report.format} (${report.tools.join(', ')}), ${report.findings.length} findings`),
        ...stale.map(id => `stale ignore: '${id}' matched no finding`),
        ...gaps
    ];
    const metrics = { findings: kept.length, failing: failing.length, below: below.length, ignored };
    const status = failing.length > 0 ? 'fail' : below.length > 0 || stale.length > 0 || gaps.length > 0 ? 'warn' : 'pass';
    const listed = [...failing, ...below].slice(0, MAX_LISTED_IN_SUMMARY);
    const list = {
        title: `${kept.length} findings`,
        items: listed.map(finding => `${gates(finding, options.failOnSeverity) ? '❌' : '⚠️'} ${describe(finding)}`),
        more: kept.length - listed.length
    };
    return check(status, message, { annotations, metrics, details, ...(kept.length > 0 ? { list } : {}) });
}
function describe(finding) {
    const grade = finding.severity !== undefined ? `${finding.severity}${finding.confidence ? `, confidence ${finding.confidence}` : ''}` : 'known vulnerability';
    const where = finding.path !== undefined ? ` at ${finding.path}${finding.line !== undefined ? `:${finding.line}` : ''}` : '';
    return `${finding.tool} ${finding.summary} [${grade}]${where}`;
}
async function annotate(finding, level, paths, declarations) {
    let file;
    let line = finding.line;
    if (finding.dependency !== undefined) {
        const declared = await declarations.find(finding.dependency.name);
        if (declared)
            ({ file, line } = declared);
    }
    else if (finding.path !== undefined) {
        const located = paths.locate(finding.path);
        if (located !== undefined)
            file = paths.relative(located);
    }
    let message;
    let title;
    if (finding.dependency !== undefined) {
        const { name, version, fixVersions } = finding.dependency;
        title = `Vulnerable dependency ${name} ${version}`;
        const fix = fixVersions.length > 0 ? `upgrade to ${fixVersions.join(' or ')}` : 'no fixed version is published';
        message = `${name} ${version} has ${finding.ids.join(' / ')}: ${fix}. To accept the risk, add ${finding.id} to input 'ignore-vulns'.`;
    }
    else {
        const grade = `severity ${finding.severity}${finding.confidence ? `, confidence ${finding.confidence}` : ''}`;
        title = `${finding.tool} ${finding.id} (${grade})`;
        message = `${finding.summary}${file === undefined && finding.path !== undefined ? ` (${finding.path}${finding.line ? `:${finding.line}` : ''})` : ''}`;
    }
    return { level, title, message, ...(file !== undefined ? { file, ...(line !== undefined ? { line } : {}) } : {}) };
}
// ---- where a dependency is declared --------------------------------------------
/** Finds the line of pyproject.toml or a requirements file that declares a dependency. */
class DependencyDeclarations {
    projectDir;
    paths;
    files;
    constructor(projectDir, paths) {
        this.projectDir = projectDir;
        this.paths = paths;
    }
    async find(name) {
        const wanted = (0,names/* normalizeName */.P)(name);
        for (const { path, lines } of await this.load()) {
            const isToml = path.endsWith('.toml');
            let table = '';
            for (let i = 0; i < lines.length; i++) {
                const text = lines[i];
                const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(text);
                if (header)
                    table = header[1];
                if (isToml) {
                    // "name>=1.0" / 'name[extra]; marker' in a dependency list
                    for (const match of text.matchAll(/["']\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?=[[<>=!~;@ "',]|$)/g)) {
                        if ((0,names/* normalizeName */.P)(match[1]) === wanted && !/^\s*(name|version|description|requires-python)\s*=/.test(text)) {
                            return { file: this.paths.relative(path), line: i + 1 };
                        }
                    }
                    // name = "^1.0" under a table of dependencies (Poetry, PDM)
                    const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(text);
                    if (key && /dependencies/i.test(table) && (0,names/* normalizeName */.P)(key[1]) === wanted)
                        return { file: this.paths.relative(path), line: i + 1 };
                }
                else {
                    const requirement = (0,names/* requirementName */.x)(text.replace(/#.*/, ''));
                    if (requirement !== undefined && (0,names/* normalizeName */.P)(requirement) === wanted)
                        return { file: this.paths.relative(path), line: i + 1 };
                }
            }
        }
        return undefined;
    }
    load() {
        this.files ??= (async () => {
            // bounded, inside the project, and through no link out of it
            const scope = { cwd: this.projectDir, root: this.projectDir };
            const found = await Promise.all(['requirements*.txt', 'requirements/*.txt', '*requirements*.in'].map(pattern => findFiles(pattern, scope).then(result => result.files.map(file => file.path), () => [])));
            const paths = [(0,external_node_path_.join)(this.projectDir, 'pyproject.toml'), ...found.flat().sort()];
            const loaded = [];
            for (const path of [...new Set(paths)]) {
                try {
                    loaded.push({ path, lines: (await (0,promises_.readFile)(path, 'utf8')).split(/\r?\n/) });
                }
                catch {
                    // not there
                }
            }
            return loaded;
        })();
        return this.files;
    }
}
// ---- security-scan: bandit -----------------------------------------------------
/** What bandit scans: src/, else the import package named after the project, else the project minus tests and environments. */
function banditTargets(projectDir, projectName) {
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(projectDir, 'src')))
        return { targets: ['src'], exclude: [] };
    if (projectName !== undefined) {
        const module = projectName.toLowerCase().replace(/[-.]+/g, '_');
        for (const candidate of [module, `${module}.py`]) {
            if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(projectDir, candidate)))
                return { targets: [candidate], exclude: [] };
        }
    }
    const exclude = ['tests', 'test', 'docs', '.venv', 'venv', '.tox', '.nox', 'build', 'dist', 'node_modules'].map(dir => `./${dir}`);
    return { targets: ['.'], exclude };
}
async function runBandit(options, ctx) {
    const { targets, exclude } = banditTargets(ctx.projectDir, options.projectName);
    const dir = await (0,src_env/* runnerTempDir */.cl)(process.env.RUNNER_TEMP, 'bandit-');
    const out = (0,external_node_path_.join)(dir, 'bandit.json');
    const args = ['-m', 'bandit', '-r', ...targets, '-f', 'json', '-o', out, '-q', ...(exclude.length > 0 ? ['-x', exclude.join(',')] : [])];
    ctx.logger.info(`security: ${options.python} ${args.join(' ')} (in ${displayPath(ctx.projectDir, ctx.workspace)})`);
    try {
        let result;
        try {
            result = await exec/* getExecOutput */.H(options.python, args, { cwd: ctx.projectDir, silent: true, ignoreReturnCode: true });
        }
        catch (error) {
            return { problem: `input 'security-scan' is bandit, but the interpreter '${options.python}' (input 'python') could not be run: ${errorMessage(error)}` };
        }
        if (/No module named bandit/.test(result.stderr)) {
            return {
                problem: `input 'security-scan' is bandit, but bandit is not installed for '${options.python}' (input 'python'): run '${options.python} -m pip install bandit' first`
            };
        }
        // bandit exits 1 when it finds issues; anything else without a report is a failed scan.
        if (!(0,external_node_fs_.existsSync)(out) || (result.exitCode !== 0 && result.exitCode !== 1)) {
            const tail = result.stderr.trim().split('\n').slice(-10).join('\n');
            return { problem: `input 'security-scan': bandit exited with code ${result.exitCode} and wrote no report${tail ? `:\n${tail}` : ''}` };
        }
        try {
            const report = await parseSecurityReport(out);
            // bandit names files relative to where it ran: the project directory.
            for (const finding of report.findings)
                if (finding.path !== undefined)
                    finding.path = (0,external_node_path_.resolve)(ctx.projectDir, finding.path);
            return { report };
        }
        catch (error) {
            return { problem: `input 'security-scan': bandit's report ${asReportProblem(error).message}` };
        }
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/inputs.ts
// Every input, read and validated once. Later modules take ReleaseInputs and never read inputs themselves.










/** action.yml's defaults; a test keeps the two equal. An unset input takes its default, an empty one is empty. */
const INPUT_DEFAULTS = {
    'project-dir': '.',
    version: '',
    'tag-prefix': 'v',
    stages: 'certify,build,preflight,publish',
    targets: 'pypi',
    'local-dir': 'release',
    python: 'python3',
    builder: 'build',
    'build-isolation': 'true',
    'build-requirements': 'check',
    'check-reproducible': 'false',
    'wheel-from-sdist': 'true',
    'junit-xml': '',
    'min-pass-rate': '100',
    'coverage-report': '',
    'min-coverage': '0',
    'min-branch-coverage': '0',
    'security-report': '',
    'fail-on-severity': 'high',
    'ignore-vulns': '',
    'security-scan': 'none',
    'docs-required': 'readme,license',
    'fail-on-partial': 'false',
    'upload-artifact': 'true',
    'artifact-name': 'python-package-distributions',
    'retention-days': '',
    'download-artifacts': '',
    'artifact-run-id': '',
    'dist-dir': '',
    'expect-wheels': '',
    'require-certification': 'false',
    'repository-url': 'https://upload.pypi.org/legacy/',
    'testpypi-repository-url': 'https://test.pypi.org/legacy/',
    'index-url': '',
    username: '__token__',
    password: '',
    'testpypi-password': '',
    'skip-existing': String(existing/* DEFAULT_SKIP_EXISTING */._G),
    'strict-record': 'false',
    attestations: 'true',
    'github-token': '${{ github.token }}',
    'release-tag': '',
    'release-name': '',
    'release-notes': '',
    'release-draft': 'false',
    prerelease: '',
    'make-latest': '',
    'overwrite-assets': 'false',
    'upload-concurrency': '4',
    'publish-timeout': '10',
    'dry-run': 'false'
};
/** Inputs whose values are secrets: masked in the log before anything else runs, never echoed. */
const SECRET_INPUTS = (/* unused pure expression or super */ null && (['password', 'testpypi-password', 'github-token']));
const INPUT_NAMES = Object.keys(INPUT_DEFAULTS);
const STAGES = ['certify', 'build', 'preflight', 'publish'];
/** An input that cannot be understood: reported before any stage runs. */
class UsageError extends Error {
    input;
    constructor(message, input) {
        super(message);
        this.input = input;
        this.name = 'UsageError';
    }
}
/** A list input: comma- or newline-separated, blanks dropped. */
function splitList(text) {
    return text
        .split(/[,\n]/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
// The YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
function getInputs(source, cwd = process.cwd()) {
    const raw = (name) => source(name) ?? INPUT_DEFAULTS[name];
    const text = (name) => raw(name).trim();
    const bool = (name) => {
        const value = text(name);
        if (TRUE.has(value))
            return true;
        if (FALSE.has(value))
            return false;
        throw new UsageError(`Input '${name}' must be true or false, got '${value}'`, name);
    };
    // Plain decimal only (85, 92.5, .5): Number() alone would also take 0x10, 0b1, 0o7, 1e2, -0 and Infinity.
    const percent = (name) => {
        const value = text(name);
        const number = /^(?:\d+|\d*\.\d+)$/.test(value) ? Number(value) : NaN;
        if (!(number >= 0 && number <= 100)) {
            throw new UsageError(`Input '${name}' must be a number from 0 to 100 (a percentage in decimal digits, such as 85 or 92.5), got '${value}'`, name);
        }
        return number;
    };
    const versionText = text('version');
    let version;
    if (versionText !== '') {
        const parsed = (0,pep440/* parseVersion */.ot)(versionText);
        if (!parsed) {
            throw new UsageError(`Input 'version' must be a PEP 440 version such as 1.2.3, 1.2.3rc1 or 1.2.3.post1, got '${versionText}'`, 'version');
        }
        version = parsed.normalized;
    }
    const stageNames = splitList(raw('stages').toLowerCase());
    const unknownStage = stageNames.find(stage => !STAGES.includes(stage));
    if (unknownStage !== undefined) {
        throw new UsageError(`Input 'stages' has an unknown stage '${unknownStage}'; use any of ${STAGES.join(', ')}`, 'stages');
    }
    if (stageNames.length === 0)
        throw new UsageError(`Input 'stages' is empty; use any of ${STAGES.join(', ')}`, 'stages');
    const stages = STAGES.filter(stage => stageNames.includes(stage));
    // One job runs one contiguous part of the pipeline; the jobs before and after it run the rest.
    const gap = STAGES.slice(STAGES.indexOf(stages[0]), STAGES.indexOf(stages.at(-1)) + 1).find(stage => !stages.includes(stage));
    if (gap !== undefined) {
        throw new UsageError(`Input 'stages' runs ${stages.join(',')}, which skips ${gap}: a job runs a contiguous part of certify, build, preflight, publish ` +
            '(certify alone, certify,build or build in build jobs, preflight,publish in the publish job, or all four)', 'stages');
    }
    const validTargets = Object.values(types/* DistributionTarget */.Us);
    const targets = [];
    for (const name of splitList(raw('targets').toLowerCase())) {
        if (!validTargets.includes(name)) {
            throw new UsageError(`Input 'targets' has an unknown target '${name}'; use any of ${validTargets.join(', ')}`, 'targets');
        }
        if (!targets.includes(name))
            targets.push(name);
    }
    if (targets.length === 0 && (stages.includes('preflight') || stages.includes('publish'))) {
        throw new UsageError(`Input 'targets' is empty; name at least one of ${validTargets.join(', ')}`, 'targets');
    }
    const localDir = text('local-dir');
    if (localDir === '' && targets.includes(types/* DistributionTarget */.Us.LOCAL)) {
        throw new UsageError(`Input 'local-dir' is empty; the local target needs a directory`, 'local-dir');
    }
    const docsRequired = [];
    for (const item of splitList(raw('docs-required').toLowerCase())) {
        if (!DOC_ITEMS.includes(item)) {
            throw new UsageError(`Input 'docs-required' has an unknown item '${item}'; use any of ${DOC_ITEMS.join(', ')}`, 'docs-required');
        }
        if (!docsRequired.includes(item))
            docsRequired.push(item);
    }
    const choice = (name, allowed) => {
        const value = text(name).toLowerCase();
        if (!allowed.includes(value)) {
            throw new UsageError(`Input '${name}' must be one of ${allowed.join(', ')}, got '${text(name)}'`, name);
        }
        return value;
    };
    const ignoreVulns = [...new Set(splitList(raw('ignore-vulns')).map(id => id.replace(/\s+#.*$/, '')))];
    const badIgnore = ignoreVulns.find(id => !/^[A-Za-z0-9][\w.:/-]*$/.test(id));
    if (badIgnore !== undefined) {
        throw new UsageError(`Input 'ignore-vulns' has '${badIgnore}', which is no vulnerability or rule id (CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, PYSEC-2024-1, B602)`, 'ignore-vulns');
    }
    const projectDir = text('project-dir');
    if (localDir !== '' && (0,external_node_path_.resolve)(cwd, localDir) === (0,external_node_path_.resolve)(cwd, projectDir === '' ? '.' : projectDir)) {
        throw new UsageError(`Input 'local-dir' (${localDir}) is the project directory itself: published files would become build input; name a directory inside or outside it, such as 'release'`, 'local-dir');
    }
    const python = text('python');
    if (python === '')
        throw new UsageError(`Input 'python' is empty; name the interpreter that builds, e.g. python3`, 'python');
    const artifactName = text('artifact-name');
    const badName = invalidNameTemplate(artifactName);
    if (badName !== undefined) {
        throw new UsageError(`Input 'artifact-name' cannot be '${artifactName.replace(/[\r\n]/g, ' ')}': ${badName}`, 'artifact-name');
    }
    const retentionText = text('retention-days');
    let retentionDays;
    if (retentionText !== '') {
        retentionDays = Number(retentionText);
        if (!/^\d+$/.test(retentionText) || retentionDays < 1 || retentionDays > 400) {
            throw new UsageError(`Input 'retention-days' must be a whole number of days from 1 to 400 (empty: the repository's setting), got '${retentionText}'`, 'retention-days');
        }
    }
    // A job without build that preflights or publishes receives the files other jobs built.
    const receives = !stages.includes('build') && (stages.includes('preflight') || stages.includes('publish'));
    const patterns = splitList(raw('download-artifacts'));
    const runIdText = text('artifact-run-id');
    const distDir = text('dist-dir');
    for (const name of ['download-artifacts', 'artifact-run-id', 'dist-dir']) {
        if (text(name) !== '' && !receives) {
            throw new UsageError(`Input '${name}' is for a job that publishes files other jobs built (stages preflight,publish without build); this job runs ${stages.join(',')}`, name);
        }
    }
    if (distDir !== '' && (patterns.length > 0 || runIdText !== '')) {
        throw new UsageError(`Input 'dist-dir' names files already here, and input '${patterns.length > 0 ? 'download-artifacts' : 'artifact-run-id'}' asks to download them: give one of the two`, 'dist-dir');
    }
    let artifactRunId;
    if (runIdText !== '') {
        artifactRunId = Number(runIdText);
        if (!/^[1-9]\d{0,17}$/.test(runIdText) || !Number.isSafeInteger(artifactRunId)) {
            throw new UsageError(`Input 'artifact-run-id' must be a workflow run id (a whole number such as \${{ github.event.inputs.run-id }}), got '${runIdText}'`, 'artifact-run-id');
        }
    }
    for (const pattern of patterns) {
        if (/[\\/:"<>|\r]/.test(pattern)) {
            throw new UsageError(`Input 'download-artifacts' has '${pattern}', which no artifact name can match (names hold no / \\ : " < > |)`, 'download-artifacts');
        }
    }
    const receive = !receives
        ? undefined
        : distDir !== ''
            ? { from: 'directory', dir: (0,external_node_path_.resolve)(cwd, distDir) }
            : { from: 'artifacts', patterns: patterns.length > 0 ? patterns : [artifactName], runId: artifactRunId };
    for (const name of ['expect-wheels', 'require-certification']) {
        if (text(name) !== INPUT_DEFAULTS[name] && text(name) !== '' && !receives) {
            throw new UsageError(`Input '${name}' checks files other jobs built, in the job that publishes them (stages preflight,publish without build); this job runs ${stages.join(',')}`, name);
        }
    }
    const expectWheels = splitList(raw('expect-wheels'));
    const badPlatform = expectWheels.find(tag => !/^[A-Za-z0-9_.*?[\]-]+$/.test(tag));
    if (badPlatform !== undefined) {
        throw new UsageError(`Input 'expect-wheels' has '${badPlatform}', which is no platform tag or pattern (such as manylinux_2_17_x86_64, *manylinux*x86_64, macosx*arm64, win_amd64)`, 'expect-wheels');
    }
    const indexUrlInput = (name, needed) => {
        const value = text(name);
        if (!needed || (value === '' && name === 'index-url'))
            return value;
        if (value === '')
            throw new UsageError(`Input '${name}' is empty; give the index's upload URL`, name);
        const problem = (0,index_api/* invalidIndexUrl */.R2)(value);
        if (problem)
            throw new UsageError(`Input '${name}' (${(0,index_api/* displayUrl */.Qy)(value)}) cannot be used: ${problem}`, name);
        return value;
    };
    const username = text('username');
    if (username === '' && (targets.includes(types/* DistributionTarget */.Us.PYPI) || targets.includes(types/* DistributionTarget */.Us.TEST_PYPI))) {
        throw new UsageError(`Input 'username' is empty; API tokens use __token__ (the default)`, 'username');
    }
    // The runner expands action.yml's default; anywhere else the unexpanded expression means no token.
    const githubToken = raw('github-token') === INPUT_DEFAULTS['github-token'] ? '' : text('github-token');
    if (artifactRunId !== undefined && githubToken === '') {
        throw new UsageError("Input 'github-token' is empty; downloading another run's artifacts (input 'artifact-run-id') needs a token that may read them (the default, ${{ github.token }}, with `permissions: actions: read`)", 'github-token');
    }
    const publishesToGitHub = targets.includes(types/* DistributionTarget */.Us.GITHUB) && (stages.includes('preflight') || stages.includes('publish'));
    if (publishesToGitHub && githubToken === '') {
        throw new UsageError("Input 'github-token' is empty; the github target needs a token that may write releases (the default, ${{ github.token }}, with `permissions: contents: write`)", 'github-token');
    }
    const releaseTag = text('release-tag');
    const badTag = releaseTag === '' ? undefined : (0,pep440/* invalidTagName */.bK)(releaseTag);
    if (badTag)
        throw new UsageError(`Input 'release-tag' ('${releaseTag}') is not a valid tag name: ${badTag}`, 'release-tag');
    const optionalBool = (name) => (text(name) === '' ? undefined : bool(name));
    const makeLatest = text('make-latest') === '' ? undefined : choice('make-latest', ['true', 'false', 'legacy']);
    const concurrencyText = text('upload-concurrency');
    const uploadConcurrency = Number(concurrencyText);
    if (!/^\d+$/.test(concurrencyText) || uploadConcurrency < 1 || uploadConcurrency > 16) {
        throw new UsageError(`Input 'upload-concurrency' must be a whole number from 1 to 16 (uploads at once), got '${concurrencyText}'`, 'upload-concurrency');
    }
    const timeoutText = text('publish-timeout');
    const publishTimeout = Number(timeoutText);
    if (!/^(\d+(\.\d+)?|\.\d+)$/.test(timeoutText) || !(publishTimeout > 0) || publishTimeout > 360) {
        throw new UsageError(`Input 'publish-timeout' must be a number of minutes above 0 and at most 360 (a job's limit), such as 10 or 0.5, got '${timeoutText}'`, 'publish-timeout');
    }
    const optionalText = (name) => (text(name) === '' ? undefined : raw(name));
    return {
        projectDir: (0,external_node_path_.resolve)(cwd, projectDir === '' ? '.' : projectDir),
        version,
        tagPrefix: raw('tag-prefix').trim(),
        stages,
        targets,
        localDir: (0,external_node_path_.resolve)(cwd, localDir),
        python,
        builder: choice('builder', builder/* BUILDERS */.rV),
        buildIsolation: bool('build-isolation'),
        buildRequirements: choice('build-requirements', requirements/* BUILD_REQUIREMENTS */.Yx),
        checkReproducible: bool('check-reproducible'),
        wheelFromSdist: bool('wheel-from-sdist'),
        junitXml: raw('junit-xml'),
        minPassRate: percent('min-pass-rate'),
        coverageReport: raw('coverage-report'),
        minCoverage: percent('min-coverage'),
        minBranchCoverage: percent('min-branch-coverage'),
        securityReport: raw('security-report'),
        failOnSeverity: choice('fail-on-severity', FAIL_ON_SEVERITIES),
        ignoreVulns,
        securityScan: choice('security-scan', SECURITY_SCANS),
        docsRequired,
        failOnPartial: bool('fail-on-partial'),
        dryRun: bool('dry-run'),
        uploadArtifact: bool('upload-artifact'),
        artifactName,
        retentionDays,
        receive,
        expectWheels,
        requireCertification: bool('require-certification'),
        repositoryUrl: indexUrlInput('repository-url', targets.includes(types/* DistributionTarget */.Us.PYPI)),
        testpypiRepositoryUrl: indexUrlInput('testpypi-repository-url', targets.includes(types/* DistributionTarget */.Us.TEST_PYPI)),
        indexUrl: indexUrlInput('index-url', targets.includes(types/* DistributionTarget */.Us.PYPI)) || undefined,
        username,
        password: text('password'),
        testpypiPassword: text('testpypi-password'),
        skipExisting: bool('skip-existing'),
        strictRecord: bool('strict-record'),
        attestations: bool('attestations'),
        githubToken,
        releaseTag: releaseTag === '' ? undefined : releaseTag,
        releaseName: optionalText('release-name')?.trim(),
        releaseNotes: optionalText('release-notes'),
        releaseDraft: bool('release-draft'),
        prerelease: optionalBool('prerelease'),
        makeLatest,
        overwriteAssets: bool('overwrite-assets'),
        uploadConcurrency,
        publishTimeout
    };
}

;// CONCATENATED MODULE: ./src/project.ts
// pyproject.toml (or, without one, setup.cfg and setup.py): what the release needs to know about the
// project before it is built.



/** A pyproject.toml that cannot be read or understood: a usage error. */
class ProjectError extends Error {
    file;
    line;
    constructor(message, file, line) {
        super(message);
        this.file = file;
        this.line = line;
        this.name = 'ProjectError';
    }
}
const project_isTable = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const project_str = (value) => (typeof value === 'string' ? value : undefined);
/** The name of a PEP 508 requirement, normalized (PEP 503): `setuptools_scm[toml]>=7` -> `setuptools-scm`. */
const requirementName = (requirement) => (/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? '').toLowerCase().replace(/[-_.]+/g, '-');
/** The line of `key = ...` in `[table]` of a TOML text, for annotations. */
function keyLine(text, table, key) {
    let inTable = false;
    for (const [index, line] of text.split(/\r?\n/).entries()) {
        const header = /^\s*\[([^\]]+)\]/.exec(line);
        if (header)
            inTable = header[1]?.trim() === table;
        else if (inTable && new RegExp(`^\\s*["']?${key.replace(/[-.]/g, '\\$&')}["']?\\s*=`).test(line))
            return index + 1;
    }
    return undefined;
}
/** A string that TOML gave as another type: the file and line, and how to write it. */
function notAString(pyprojectPath, text, key, value) {
    const line = keyLine(text, 'project', key);
    const what = typeof value === 'number'
        ? `the number ${String(value)}`
        : typeof value === 'boolean'
            ? `the boolean ${String(value)}`
            : Array.isArray(value)
                ? 'an array'
                : value instanceof Date
                    ? 'a date'
                    : 'a table';
    // The text as written (TOML reads version = 1.10 as the number 1.1): the hint quotes what the file says.
    const written = line ? /=\s*([^#]*?)\s*(?:#.*)?$/.exec(text.split(/\r?\n/)[line - 1] ?? '')?.[1] : undefined;
    const hint = typeof value === 'number' || typeof value === 'boolean' ? `: quote it, ${key} = "${written || String(value)}"` : '';
    return new ProjectError(`${pyprojectPath}${line ? ` line ${line}` : ''}: [project] ${key} is ${what}, but it must be a string${hint}`, pyprojectPath, line);
}
/**
 * Reads setup.cfg the way configparser does for setuptools: `key = value` or `key: value` (the first of
 * `=` and `:` separates), indented lines continue the value (joined with newlines), `#` and `;` start
 * a comment line; undefined when there is no setup.cfg.
 */
async function readSetupCfg(dir) {
    const text = await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'setup.cfg'), 'utf8').catch(() => undefined);
    if (text === undefined)
        return undefined;
    const sections = new Map();
    let section;
    let key;
    for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
        if (/^\s*[#;]/.test(line))
            continue;
        if (/^\s/.test(line) && line.trim() !== '' && section && key !== undefined) {
            const before = section.get(key) ?? '';
            section.set(key, before === '' ? line.trim() : `${before}\n${line.trim()}`);
            continue;
        }
        const header = /^\[([^\]]+)\]/.exec(line);
        if (header) {
            const name = header[1].trim();
            section = sections.get(name) ?? new Map();
            sections.set(name, section);
            key = undefined;
            continue;
        }
        const option = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(line);
        if (option && section) {
            key = option[1].toLowerCase().replace(/-/g, '_');
            section.set(key, option[2]);
        }
        else if (line.trim() === '')
            key = undefined;
    }
    return sections;
}
/** A setup.cfg list: comma-separated, or one item a line (a dangling list). */
const cfgList = (value) => value === undefined
    ? []
    : value
        .split(/[\n,]/)
        .map(item => item.trim())
        .filter(item => item !== '');
/** What setup.cfg's [metadata] declares of what certify reads (setuptools' declarative config, its own names). */
function setupCfgMetadata(cfg) {
    const metadata = cfg?.get('metadata') ?? new Map();
    const description = metadata.get('long_description');
    // `file: README.rst, CHANGES.rst` concatenates the files: the first is the readme a maintainer names
    const readme = description?.startsWith('file:') ? cfgList(description.slice('file:'.length))[0] : undefined;
    const urls = {};
    const home = metadata.get('url') ?? metadata.get('home_page');
    if (home)
        urls['Homepage'] = home;
    for (const line of (metadata.get('project_urls') ?? '').split('\n')) {
        const pair = /^([^=]+?)\s*=\s*(\S.*)$/.exec(line.trim());
        if (pair)
            urls[pair[1]] = pair[2];
    }
    return {
        name: metadata.get('name') || undefined,
        readme,
        readmeContentType: metadata.get('long_description_content_type') || undefined,
        license: metadata.get('license') || undefined,
        licenseFiles: [...cfgList(metadata.get('license_file')), ...cfgList(metadata.get('license_files'))],
        urls,
        requiresPython: cfg?.get('options')?.get('python_requires') || undefined
    };
}
const isFile = (path) => (0,promises_.stat)(path).then(s => s.isFile(), () => false);
/** The version option of a tool table when it is a string. */
const project_option = (table, ...path) => {
    let value = table;
    for (const key of path)
        value = project_isTable(value) ? value[key] : undefined;
    return project_str(value);
};
/** How the build backend derives a version pyproject.toml does not state. */
async function deriveVersion(dir, doc, backendName, requires, declared, line) {
    const tool = project_isTable(doc['tool']) ? doc['tool'] : {};
    const base = { declared, ...(line ? { line } : {}) };
    const backend = backendName ?? 'setuptools.build_meta:__legacy__';
    const statically = declared === 'dynamic' ? ', or write the version itself: [project] version = "1.2.3" (and remove "version" from dynamic)' : '';
    if (backend.startsWith('setuptools.build_meta')) {
        const howTo = declared === 'dynamic'
            ? 'Declare where setuptools reads it: [tool.setuptools.dynamic] version = {attr = "package.__version__"} (or {file = "VERSION"}), ' +
                `or derive it from git tags with setuptools-scm in build-system requires and a [tool.setuptools_scm] table${statically}`
            : declared === 'no-pyproject'
                ? 'Set version in setup.cfg [metadata] (version = 1.2.3, or attr: package.__version__) or in setup.py'
                : 'Add a [project] table with name and version = "1.2.3" (PEP 621), or set version in setup.cfg [metadata] or in setup.py';
        const setup = { ...base, backend: 'setuptools', howTo };
        const dynamicVersion = project_isTable(tool['setuptools']) && project_isTable(tool['setuptools']['dynamic']) ? tool['setuptools']['dynamic']['version'] : undefined;
        if (project_isTable(dynamicVersion)) {
            const attr = project_str(dynamicVersion['attr']);
            const file = dynamicVersion['file'];
            const files = Array.isArray(file) ? file.filter((f) => typeof f === 'string').join('", "') : project_str(file);
            if (attr !== undefined)
                return { ...setup, status: 'configured', source: `[tool.setuptools.dynamic] version = {attr = "${attr}"}` };
            if (files !== undefined)
                return { ...setup, status: 'configured', source: `[tool.setuptools.dynamic] version = {file = "${files}"}` };
        }
        const scm = tool['setuptools_scm'] ?? tool['setuptools-scm'];
        if (project_isTable(scm)) {
            const fallback = project_option(scm, 'fallback_version');
            return {
                ...setup,
                status: 'configured',
                source: 'setuptools-scm ([tool.setuptools_scm]) from git tags',
                ...(fallback !== undefined ? { fallbackVersion: { version: fallback, option: '[tool.setuptools_scm] fallback_version' } } : {})
            };
        }
        const cfg = (await readSetupCfg(dir))?.get('metadata')?.get('version');
        if (cfg)
            return { ...setup, status: 'configured', source: `setup.cfg [metadata] version = ${cfg}` };
        if (await isFile((0,external_node_path_.join)(dir, 'setup.py')))
            return { ...setup, status: 'unknown', source: 'setup.py' };
        for (const plugin of ['versioningit', 'setuptools-git-versioning', 'versioneer']) {
            if (project_isTable(tool[plugin]))
                return { ...setup, status: 'configured', source: `${plugin} ([tool.${plugin}])` };
        }
        const plugins = requires.map(requirementName).filter(name => !['setuptools', 'wheel'].includes(name) && name !== '');
        if (plugins.includes('setuptools-scm')) {
            return {
                ...setup,
                status: 'unknown',
                source: 'setuptools-scm (in build-system requires)',
                howTo: 'setuptools-scm before version 8 derives the version only when pyproject.toml has a [tool.setuptools_scm] table: add one (it may be empty), ' +
                    'or declare it with [tool.setuptools.dynamic] version = {attr = "package.__version__"}'
            };
        }
        if (plugins.length > 0)
            return { ...setup, status: 'unknown', source: `a build requirement (${plugins.join(', ')})` };
        return { ...setup, status: 'unconfigured' };
    }
    if (backend === 'hatchling.build') {
        const howTo = `Declare it: [tool.hatch.version] path = "src/package/__init__.py" (hatchling reads __version__ there), or source = "vcs" with hatch-vcs in build-system requires${statically}`;
        const hatch = project_isTable(tool['hatch']) ? tool['hatch']['version'] : undefined;
        if (!project_isTable(hatch))
            return { ...base, backend: 'hatchling', status: 'unconfigured', howTo };
        const source = project_str(hatch['source']) ?? 'regex';
        if (source === 'vcs') {
            const fallback = project_option(hatch, 'fallback-version') ?? project_option(hatch, 'raw-options', 'fallback_version');
            const which = project_option(hatch, 'fallback-version') !== undefined ? '[tool.hatch.version] fallback-version' : '[tool.hatch.version.raw-options] fallback_version';
            return {
                ...base,
                backend: 'hatchling',
                status: 'configured',
                source: 'hatch-vcs ([tool.hatch.version] source = "vcs") from git tags',
                howTo,
                ...(fallback ? { fallbackVersion: { version: fallback, option: which } } : {})
            };
        }
        const path = project_str(hatch['path']);
        return {
            ...base,
            backend: 'hatchling',
            status: 'configured',
            source: path ? `[tool.hatch.version] path = "${path}"` : `[tool.hatch.version] source = "${source}"`,
            howTo
        };
    }
    if (backend === 'flit_core.buildapi' || backend === 'flit.buildapi') {
        return {
            ...base,
            backend: 'flit',
            status: 'configured',
            source: "the module's __version__ (flit)",
            howTo: `Set __version__ = "1.2.3" in the package's __init__.py${statically}`
        };
    }
    if (backend === 'pdm.backend' || backend === 'pdm.pep517.api') {
        const pdm = project_isTable(tool['pdm']) ? tool['pdm']['version'] : undefined;
        const howTo = `Declare it: [tool.pdm.version] source = "scm" (from git tags) or source = "file" with path = "src/package/__init__.py"${statically}`;
        if (!project_isTable(pdm))
            return { ...base, backend: 'pdm-backend', status: 'unknown', howTo };
        const fallback = project_option(pdm, 'fallback_version');
        return {
            ...base,
            backend: 'pdm-backend',
            status: 'configured',
            source: `[tool.pdm.version] source = "${project_str(pdm['source']) ?? 'file'}"`,
            howTo,
            ...(fallback !== undefined ? { fallbackVersion: { version: fallback, option: '[tool.pdm.version] fallback_version' } } : {})
        };
    }
    if (backend.startsWith('poetry')) {
        const howTo = `Derive it from git tags with poetry-dynamic-versioning ([tool.poetry-dynamic-versioning] enable = true), or write it: [tool.poetry] version = "1.2.3"${statically}`;
        const plugin = tool['poetry-dynamic-versioning'];
        if (backend.startsWith('poetry_dynamic_versioning') || (project_isTable(plugin) && plugin['enable'] === true)) {
            return { ...base, backend: 'poetry', status: 'configured', source: 'poetry-dynamic-versioning from git tags', howTo };
        }
        const version = project_option(tool['poetry'], 'version');
        if (version !== undefined)
            return { ...base, backend: 'poetry', status: 'configured', source: `[tool.poetry] version = "${version}"`, howTo };
        return { ...base, backend: 'poetry', status: 'unknown', howTo };
    }
    if (backend === 'maturin') {
        return {
            ...base,
            backend: 'maturin',
            status: 'configured',
            source: "Cargo.toml's package version (maturin)",
            howTo: `Set version in Cargo.toml's [package]${statically}`
        };
    }
    if (backend === 'mesonpy') {
        return {
            ...base,
            backend: 'meson-python',
            status: 'configured',
            source: "meson.build's project() version (meson-python)",
            howTo: `Set version: in meson.build's project()${statically}`
        };
    }
    return { ...base, backend, status: 'unknown', howTo: `Configure ${backend} to derive the version${statically}` };
}
async function readProject(dir) {
    const pyprojectPath = (0,external_node_path_.join)(dir, 'pyproject.toml');
    const dirStat = await (0,promises_.stat)(dir).catch(() => undefined);
    if (!dirStat?.isDirectory()) {
        throw new ProjectError(`Input 'project-dir': ${dir} is not a directory`, dir);
    }
    let bytes;
    try {
        bytes = await (0,promises_.readFile)(pyprojectPath);
    }
    catch {
        return withoutPyproject(dir);
    }
    // pip and python -m build read pyproject.toml with tomllib as UTF-8, which refuses a byte order mark
    // ("Invalid statement (at line 1, column 1)") and bytes that are not UTF-8: so does this action.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        throw new ProjectError(`${pyprojectPath} starts with a UTF-8 byte order mark (BOM), which pip and python -m build refuse ` +
            '(tomllib: "Invalid statement (at line 1, column 1)"). Save the file as UTF-8 without a BOM.', pyprojectPath, 1);
    }
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        // A newline byte is never part of a multi-byte sequence: the first line that does not decode is the one.
        let line = 1;
        for (let start = 0; start <= bytes.length; line++) {
            const end = bytes.indexOf(0x0a, start);
            const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
            try {
                new TextDecoder('utf-8', { fatal: true }).decode(slice);
            }
            catch {
                break;
            }
            if (end < 0)
                break;
            start = end + 1;
        }
        throw new ProjectError(`${pyprojectPath} line ${line} is not UTF-8 text, which pip and python -m build require of pyproject.toml. Save the file as UTF-8.`, pyprojectPath, line);
    }
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        if (error instanceof dist/* TomlError */.zx) {
            const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
            throw new ProjectError(`${pyprojectPath} is not valid TOML: ${reason} (line ${error.line}, column ${error.column})`, pyprojectPath, error.line);
        }
        throw error;
    }
    const hasProjectTable = project_isTable(doc['project']);
    const setupPy = await isFile((0,external_node_path_.join)(dir, 'setup.py'));
    const project = project_isTable(doc['project']) ? doc['project'] : {};
    const buildSystem = project_isTable(doc['build-system']) ? doc['build-system'] : {};
    // A value of the wrong type is an error of the file, with its line, never read as "not given".
    for (const key of ['name', 'version']) {
        if (project[key] !== undefined && typeof project[key] !== 'string')
            throw notAString(pyprojectPath, text, key, project[key]);
    }
    if (project['dynamic'] !== undefined && !(Array.isArray(project['dynamic']) && project['dynamic'].every(v => typeof v === 'string'))) {
        const line = keyLine(text, 'project', 'dynamic');
        throw new ProjectError(`${pyprojectPath}${line ? ` line ${line}` : ''}: [project] dynamic must be an array of field names, such as dynamic = ["version"]`, pyprojectPath, line);
    }
    const dynamic = Array.isArray(project['dynamic']) ? project['dynamic'] : [];
    const dynamicVersion = dynamic.includes('version');
    if (dynamicVersion && project['version'] !== undefined) {
        const line = keyLine(text, 'project', 'version');
        throw new ProjectError(`${pyprojectPath}${line ? ` line ${line}` : ''}: [project] version is "${String(project['version'])}" and also listed in dynamic; ` +
            'a field is either given or dynamic (PEP 621), and build backends refuse both. Remove one.', pyprojectPath, line);
    }
    const readme = project['readme'];
    const license = project['license'];
    const requires = buildSystem['requires'];
    const strings = (value) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []);
    const urls = project_isTable(project['urls']) ? project['urls'] : {};
    const buildBackend = project_str(buildSystem['build-backend']);
    const declared = dynamicVersion ? 'dynamic' : hasProjectTable ? undefined : 'no-project-table';
    const versionDerivation = declared
        ? await deriveVersion(dir, doc, buildBackend, strings(requires), declared, declared === 'dynamic' ? keyLine(text, 'project', 'dynamic') : undefined)
        : undefined;
    // Without a [project] table, setuptools reads the metadata from setup.cfg (and setup.py): so does this.
    const setuptools = buildBackend === undefined || buildBackend.startsWith('setuptools.');
    const cfg = !hasProjectTable && setuptools ? await readSetupCfg(dir) : undefined;
    if (cfg?.has('metadata')) {
        return {
            dir,
            pyprojectPath,
            configPath: (0,external_node_path_.join)(dir, 'setup.cfg'),
            metadataSource: 'setup.cfg',
            setupPy,
            version: undefined,
            dynamicVersion,
            ...(versionDerivation ? { versionDerivation } : {}),
            ...setupCfgMetadata(cfg),
            licenseFile: undefined,
            buildBackend,
            buildRequires: strings(requires)
        };
    }
    return {
        dir,
        pyprojectPath,
        configPath: pyprojectPath,
        metadataSource: !hasProjectTable && setuptools && setupPy ? 'setup.py' : 'pyproject',
        setupPy,
        name: project_str(project['name']),
        version: project_str(project['version']),
        dynamicVersion,
        ...(versionDerivation ? { versionDerivation } : {}),
        readme: project_isTable(readme) ? project_str(readme['file']) : project_str(readme),
        readmeContentType: project_isTable(readme) ? project_str(readme['content-type']) : undefined,
        license: project_isTable(license) ? (project_str(license['text']) ?? project_str(license['file'])) : project_str(license),
        licenseFile: project_isTable(license) ? project_str(license['file']) : undefined,
        licenseFiles: strings(project['license-files']),
        urls: Object.fromEntries(Object.entries(urls).filter((entry) => typeof entry[1] === 'string')),
        requiresPython: project_str(project['requires-python']),
        buildBackend,
        buildRequires: strings(requires)
    };
}
/**
 * A project without pyproject.toml, as python -m build takes it: setup.py run by setuptools' legacy
 * backend (PEP 517's fallback), its metadata declared in setup.cfg's [metadata] or computed by setup.py.
 * Without setup.py either, build refuses the folder ("does not appear to be a Python project"): so does this.
 */
async function withoutPyproject(dir) {
    const pyprojectPath = (0,external_node_path_.join)(dir, 'pyproject.toml');
    const setupPy = await isFile((0,external_node_path_.join)(dir, 'setup.py'));
    if (!setupPy) {
        throw new ProjectError(`Input 'project-dir': no pyproject.toml or setup.py in ${dir}, so python -m build would not take it as a Python project. ` +
            "Point project-dir at the directory that holds the project's pyproject.toml (or setup.py).", pyprojectPath);
    }
    const cfg = await readSetupCfg(dir);
    const metadata = cfg?.has('metadata')
        ? setupCfgMetadata(cfg)
        : { name: undefined, readme: undefined, readmeContentType: undefined, license: undefined, licenseFiles: [], urls: {}, requiresPython: undefined };
    // setup.cfg's [metadata] is read only to describe the project before the build; the version is the
    // build's to decide (setup.py may compute or override it), and the built files are judged.
    const versionDerivation = await deriveVersion(dir, {}, undefined, [], 'no-pyproject', undefined);
    return {
        dir,
        pyprojectPath: undefined,
        configPath: (0,external_node_path_.join)(dir, cfg?.has('metadata') ? 'setup.cfg' : 'setup.py'),
        metadataSource: cfg?.has('metadata') ? 'setup.cfg' : 'setup.py',
        setupPy,
        version: undefined,
        dynamicVersion: false,
        versionDerivation,
        ...metadata,
        licenseFile: undefined,
        buildBackend: undefined,
        buildRequires: []
    };
}
/** The line of `version = ...` in [project], for annotations; undefined without pyproject.toml. */
async function versionLine(pyprojectPath) {
    return pyprojectPath === undefined ? undefined : keyLine(await (0,promises_.readFile)(pyprojectPath, 'utf8'), 'project', 'version');
}

;// CONCATENATED MODULE: ./src/python.ts
// The interpreter the default 'python' input means: the one a runner actually has. Linux and macOS
// runners have python3; Windows installs often have only python.exe, and the py launcher. An input
// given explicitly is used as it is.


/** What the default input tries, in order. */
const INTERPRETERS = ['python3', 'python', 'py'];
const python_isFile = (file) => {
    try {
        return (0,external_node_fs_.statSync)(file).isFile();
    }
    catch {
        return false;
    }
};
/** The first of `names` found on PATH (as a program name the OS would run), or undefined. */
function findProgram(names, search, exists = python_isFile) {
    const windows = search.platform === 'win32';
    const paths = windows ? external_node_path_.win32 : external_node_path_.posix;
    const dirs = (search.path ?? '').split(windows ? ';' : external_node_path_.delimiter).filter(dir => dir !== '');
    const extensions = windows ? (search.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(e => e !== '') : [''];
    for (const name of names) {
        for (const dir of dirs)
            for (const extension of extensions)
                if (exists(paths.join(dir, `${name}${extension}`)))
                    return name;
    }
    return undefined;
}
/** Why no interpreter was found, for the usage error: what was tried, where. */
function noInterpreter(search) {
    const dirs = (search.path ?? '').split(search.platform === 'win32' ? ';' : external_node_path_.delimiter).filter(dir => dir !== '').length;
    return (`Input 'python' is not set, and none of ${INTERPRETERS.join(', ')} is on PATH (${dirs} ${dirs === 1 ? 'directory' : 'directories'} searched). ` +
        "Set 'python' to the interpreter that builds the project, e.g. actions/setup-python's output: python: ${{ steps.setup-python.outputs.python-path }}");
}

;// CONCATENATED MODULE: ./src/certify/version-check.ts
// The `version` check: every version source that exists agrees by PEP 440 equality.


/** Why the backend, not a file this action reads, decides the version. */
const DECIDED_BY_BACKEND = {
    dynamic: 'the version is dynamic in pyproject.toml',
    'no-project-table': 'pyproject.toml has no [project] table',
    'no-pyproject': "there is no pyproject.toml (setuptools' legacy backend runs setup.py, as python -m build does)"
};
function checkVersion(evidence) {
    const annotations = [];
    const sources = [];
    // pyproject.toml, or without one the file that declares the project (setup.cfg, setup.py)
    const pyprojectFile = relativePosix(evidence.workspace, evidence.project.pyprojectPath ?? evidence.project.configPath);
    if (evidence.input !== undefined)
        sources.push({ kind: 'input', label: "input 'version'", text: evidence.input });
    const tag = (0,pep440/* tagFromRef */.q)(evidence.ref);
    if (tag !== undefined) {
        const fromTag = (0,pep440/* versionFromTag */.bp)(tag, evidence.tagPrefix);
        if (fromTag.kind === 'not-prefixed') {
            annotations.push({
                level: 'notice',
                title: 'Tag not used as a version',
                message: `Tag '${tag}' does not start with tag-prefix '${evidence.tagPrefix}', so it is not read as a release version.`
            });
        }
        else {
            sources.push({ kind: 'tag', label: `tag '${tag}'`, text: fromTag.kind === 'version' ? fromTag.version.normalized : fromTag.text });
        }
    }
    if (evidence.project.version !== undefined) {
        sources.push({
            kind: 'pyproject',
            label: 'pyproject.toml [project] version',
            text: evidence.project.version,
            file: pyprojectFile,
            line: evidence.projectVersionLine
        });
    }
    for (const file of evidence.built ?? [])
        sources.push({ kind: 'built', label: `built file ${file.filename}`, text: file.version });
    const fail = (message, extra = []) => ({
        check: {
            name: 'version',
            status: 'fail',
            message,
            annotations: [...annotations, ...extra],
            metrics: {},
            details: sources.map(s => `${s.label}: ${s.text}`)
        },
        releaseVersion: undefined
    });
    for (const source of sources) {
        if (!(0,pep440/* parseVersion */.ot)(source.text)) {
            return fail(`${source.label} is '${source.text}', which is not a PEP 440 version`, [
                {
                    level: 'error',
                    title: 'Invalid version',
                    message: `${source.label} is '${source.text}', which is not a PEP 440 version`,
                    file: source.file,
                    line: source.line
                }
            ]);
        }
    }
    // The backend decides the version when pyproject.toml lists it as dynamic, has no [project] table, or is absent.
    const { project } = evidence;
    const derivation = project.versionDerivation;
    const backendDecides = project.dynamicVersion || derivation !== undefined;
    if (derivation?.status === 'unconfigured') {
        const outcome = derivation.backend === 'setuptools' ? 'setuptools builds the placeholder version 0.0.0' : `${derivation.backend} cannot build it`;
        const why = derivation.declared === 'dynamic'
            ? `${pyprojectFile} lists "version" in [project] dynamic, but nothing tells ${derivation.backend} how to compute it, so ${outcome}: a version the project never stated is not a release.`
            : `${derivation.declared === 'no-pyproject' ? `There is no pyproject.toml beside ${pyprojectFile}` : `${pyprojectFile} has no [project] table`}, and no setup.cfg or setup.py states a version, so ${outcome}: a version the project never stated is not a release.`;
        const message = `${why} ${derivation.howTo}.`;
        return fail(message, [{ level: 'error', title: 'Version not declared', message, file: pyprojectFile, line: derivation.line }]);
    }
    if (!backendDecides && project.version === undefined) {
        // PEP 621: version is required unless it is dynamic; build backends refuse such a [project] table.
        const message = `no release version: ${pyprojectFile} has a [project] table without version, and "version" is not in its dynamic list (build backends refuse that). ` +
            `Add version = "1.2.3" to [project], or list "version" in dynamic with a backend configured to derive it (setuptools-scm, hatch-vcs, [tool.setuptools.dynamic] version, ...).`;
        return fail(message, [{ level: 'error', title: 'No release version', message, file: pyprojectFile }]);
    }
    const first = sources[0];
    if (!first) {
        const by = derivation?.source ?? derivation?.backend ?? 'the build backend';
        return {
            check: {
                name: 'version',
                status: 'pass',
                message: `${DECIDED_BY_BACKEND[derivation?.declared ?? 'dynamic']}: ${by} derives it when the build runs, and the built files must agree with it`,
                annotations,
                metrics: {},
                details: []
            },
            releaseVersion: undefined
        };
    }
    const releaseVersion = (0,pep440/* parseVersion */.ot)(first.text)?.normalized;
    const disagreeing = sources.filter(source => !(0,pep440/* versionsEqual */.At)(source.text, releaseVersion));
    if (disagreeing.length > 0) {
        const list = sources.map(s => `${s.label} is ${s.text}`).join(', ');
        return fail(`versions disagree: ${list}`, disagreeing.map(source => ({
            level: 'error',
            title: 'Version mismatch',
            message: `${source.label} is ${source.text}, but ${first.label} is ${first.text}. Make every version source name the release version.`,
            file: source.file,
            line: source.line
        })));
    }
    // Only the built files name the version: it must be one the project states through its backend,
    // not what a backend makes up when it has nothing to go by.
    if (backendDecides && first.kind === 'built') {
        const unstated = unstatedVersion(first.text, derivation, pyprojectFile, evidence.tagPrefix);
        if (unstated)
            return fail(unstated, [{ level: 'error', title: 'Version not declared', message: unstated, file: pyprojectFile, line: derivation?.line }]);
    }
    const history = compareWithHistory(releaseVersion, evidence.history);
    if (history.error)
        return fail(history.error.message, [history.error]);
    annotations.push(...history.notes);
    return {
        check: {
            name: 'version',
            status: 'pass',
            message: `${releaseVersion} (${sources.map(s => s.label).join(', ')} agree)${first.kind === 'built' && derivation?.source ? `, derived by ${derivation.source}` : ''}`,
            annotations,
            metrics: {},
            details: sources.map(s => `${s.label}: ${s.text}`)
        },
        releaseVersion
    };
}
/** Why a version only the built files give is not a release the project states; undefined when it is one. */
function unstatedVersion(built, derivation, pyprojectFile, tagPrefix) {
    const orName = `Or name the release: push a tag '${tagPrefix}<version>' or set input 'version'.`;
    const fallback = derivation?.fallbackVersion;
    if (fallback && (0,pep440/* versionsEqual */.At)(built, fallback.version)) {
        return (`the built files have version ${built}, which is ${fallback.option} in ${pyprojectFile}: the version ${derivation?.source ?? derivation?.backend} ` +
            `stands in when it finds no git repository (an sdist, an archive or a copy without .git), not a release. Build from the git ` +
            `checkout of the release tag (actions/checkout with fetch-depth: 0). ${orName}`);
    }
    if ((0,pep440/* isPlaceholderVersion */.Ug)(built)) {
        const by = derivation?.source ? `${derivation.source} gave` : `${derivation?.backend ?? 'the build backend'} built`;
        return (`the built files have version ${built}: ${by} a placeholder that backends make up when nothing tells them the version, ` +
            `not a release version the project states. ${derivation ? `${derivation.howTo}. ` : ''}${orName}`);
    }
    return undefined;
}
/**
 * The release must be newer than every release tag reachable from the released commit (a
 * backport on a 1.x branch after 2.0 is fine: 2.0's tag is not reachable). A tag of the same
 * version is fine only on the released commit itself (a re-run of the tag's workflow).
 *
 * A shallow clone holds the pushed tag and little else, so its remote's tags are read too. Those
 * whose commit the clone does not hold cannot be placed: they count as earlier releases (a
 * backport then needs fetch-depth: 0, which tells). When the remote cannot be asked, a notice
 * says what was not compared.
 */
function compareWithHistory(releaseVersion, history) {
    if (!history)
        return { notes: [] };
    const unplaced = history.remote?.unplaced ?? [];
    const notes = [];
    if (history.shallow && history.remoteProblem !== undefined) {
        const inClone = history.tags.length === 0
            ? 'no release tag'
            : `only ${history.tags
                .map(t => t.tag)
                .slice(0, 5)
                .join(', ')}`;
        notes.push({
            level: 'notice',
            title: 'Earlier releases not compared',
            message: `This is a shallow clone (actions/checkout's default fetch-depth: 1) holding ${inClone}, and its remote's tags could not be read ` +
                `(${history.remoteProblem}), so release ${releaseVersion} was not compared with every earlier release tag; ` +
                'use actions/checkout with fetch-depth: 0 to compare.'
        });
    }
    const all = [...history.tags, ...unplaced];
    if (all.length === 0)
        return { notes };
    const newer = history.tags.filter(tag => (0,pep440/* compareVersions */.Zy)(tag.version, releaseVersion) > 0);
    const sameElsewhere = all.filter(tag => (0,pep440/* compareVersions */.Zy)(tag.version, releaseVersion) === 0 && tag.commit !== history.head);
    const latest = [...all].sort((a, b) => (0,pep440/* compareVersions */.Zy)(b.version, a.version))[0];
    if (newer.length > 0) {
        const names = newer
            .map(t => t.tag)
            .slice(0, 5)
            .join(', ');
        return {
            notes,
            error: {
                level: 'error',
                title: 'Version not newer than earlier releases',
                message: `release ${releaseVersion} is not newer than the release tag(s) ${names} reachable from this commit (latest: ${latest.tag}); bump the version`
            }
        };
    }
    const newerUnplaced = unplaced.filter(tag => (0,pep440/* compareVersions */.Zy)(tag.version, releaseVersion) > 0);
    if (newerUnplaced.length > 0) {
        const names = newerUnplaced
            .sort((a, b) => (0,pep440/* compareVersions */.Zy)(b.version, a.version))
            .map(t => t.tag)
            .slice(0, 5)
            .join(', ');
        return {
            notes,
            error: {
                level: 'error',
                title: 'Version not newer than earlier releases',
                message: `release ${releaseVersion} is not newer than the release tag(s) ${names} on remote '${history.remote?.name}' (latest: ${latest.tag}); bump the version. ` +
                    'This shallow clone cannot tell whether those tags are reachable from this commit, so they count as earlier releases; ' +
                    'for a backport on a maintenance branch, use actions/checkout with fetch-depth: 0 so that only tags reachable from the released commit count.'
            }
        };
    }
    if (sameElsewhere.length > 0) {
        return {
            notes,
            error: {
                level: 'error',
                title: 'Version already released',
                message: `release ${releaseVersion} is already tagged at ${sameElsewhere.every(t => history.tags.includes(t)) ? 'an earlier commit' : 'another commit'} (${sameElsewhere.map(t => t.tag).join(', ')}); bump the version`
            }
        };
    }
    return { notes };
}

// EXTERNAL MODULE: ./src/git.ts
var git = __nccwpck_require__(71243);
;// CONCATENATED MODULE: ./src/certify/junit.ts

const DEFAULT_MAX_INDEX_BYTES = 512 * 1024;
/** An index line names the test and its message; both are cut to this. */
const MAX_INDEX_PART = 300;
const cut = (text) => (text.length > MAX_INDEX_PART ? `${text.slice(0, MAX_INDEX_PART - 1)}…` : text);
const DEFAULT_MAX_FAILURES = 50;
/** The excerpt keeps this much of the beginning and of the end of a failure text. */
const EXCERPT_HEAD = 2048;
const EXCERPT_TAIL = 2048;
/** A line longer than this is no traceback frame; it is skipped, not buffered. */
const MAX_FRAME_LINE = 4096;
/** Distinct frame paths remembered per failure (the deepest ones are kept). */
const MAX_FRAME_PATHS = 64;
// `File "/abs/tests/test_x.py", line 12, in test_y` (Python tracebacks)
const TRACEBACK_FRAME = /^\s*File "([^"]+)", line (\d+)/;
// `tests/test_x.py:12: AssertionError` (pytest's long and short reports; indented inside Surefire's <stackTrace>)
const LOCATION_FRAME = /^\s*((?:[A-Za-z]:[\\/])?[^\s:"<>][^:"<>]*):(\d+):(?:\s|$)/;
// `AssertionError: 0.5 != 0.4` ending a Python traceback; `E   AssertionError: …` in pytest's report
const EXCEPTION_LINE = /^(?:E\s+)?((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Failure|Exit|Interrupt)(?::.*)?)$/;
/** Messages some producers put on every failure (nose2: "test failure"): they say nothing. */
const GENERIC_MESSAGE = /^(test failure|failure|error|failed|)$/i;
/**
 * Collects one failure's text as it streams in, holding at most its beginning, its
 * end, the current line and the frames seen so far, however long the text is.
 */
class FailureText {
    head = '';
    tail = '';
    length = 0;
    currentLine = '';
    lineTooLong = false;
    /** path → line, in order of last appearance, so the deepest frame is last. */
    frames = new Map();
    /** The last `SomeError: message` line: what a traceback ends with. */
    exception;
    add(text) {
        this.length += text.length;
        if (this.head.length < EXCERPT_HEAD + EXCERPT_TAIL) {
            this.head += text.slice(0, EXCERPT_HEAD + EXCERPT_TAIL - this.head.length);
        }
        this.tail = (this.tail + text.slice(-EXCERPT_TAIL)).slice(-EXCERPT_TAIL);
        let start = 0;
        for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
            this.extendLine(text.slice(start, newline));
            this.endLine();
            start = newline + 1;
        }
        this.extendLine(text.slice(start));
    }
    finish() {
        this.endLine();
        let excerpt = this.head;
        if (this.length > EXCERPT_HEAD + EXCERPT_TAIL) {
            const omitted = this.length - EXCERPT_HEAD - EXCERPT_TAIL;
            excerpt = `${this.head.slice(0, EXCERPT_HEAD)}\n… (${omitted} characters left out) …\n${this.tail}`;
        }
        const frames = [...this.frames].reverse().map(([path, line]) => ({ path, line }));
        return { excerpt: excerpt.trim(), frames, exception: this.exception };
    }
    extendLine(part) {
        if (this.lineTooLong)
            return;
        if (this.currentLine.length + part.length > MAX_FRAME_LINE) {
            this.lineTooLong = true;
            this.currentLine = '';
            return;
        }
        this.currentLine += part;
    }
    endLine() {
        if (!this.lineTooLong) {
            const exception = EXCEPTION_LINE.exec(this.currentLine.trim())?.[1];
            if (exception !== undefined)
                this.exception = exception.length > 500 ? `${exception.slice(0, 499)}…` : exception;
            const match = TRACEBACK_FRAME.exec(this.currentLine) ?? LOCATION_FRAME.exec(this.currentLine);
            if (match?.[1] !== undefined && match[2] !== undefined) {
                const line = Number(match[2]);
                if (line > 0)
                    this.remember(match[1], line);
            }
        }
        this.currentLine = '';
        this.lineTooLong = false;
    }
    remember(path, line) {
        this.frames.delete(path);
        this.frames.set(path, line);
        if (this.frames.size > MAX_FRAME_PATHS) {
            const oldest = this.frames.keys().next();
            if (oldest.done !== true)
                this.frames.delete(oldest.value);
        }
    }
}
const ROOTS = new Set(['testsuites', 'testsuite']);
function attribute(tag, name) {
    const value = tag.attributes[name];
    return value === undefined || value === '' ? undefined : value;
}
function junit_firstLine(text) {
    return (text ?? '').trim().split('\n')[0]?.trim() ?? '';
}
/**
 * The line a testcase's `line` attribute means, 1-based: pytest (its testsuite is
 * named "pytest") writes the 0-based line of the test function, other producers
 * (unittest-xml-reporting) the 1-based one.
 */
function testcaseLine(value, suiteName) {
    if (value === undefined || !/^\d+$/.test(value))
        return undefined;
    const line = Number(value) + (suiteName === 'pytest' ? 1 : 0);
    return line >= 1 ? line : undefined;
}
/** Reads one JUnit XML file as a stream; throws ReportError when it is not one. */
async function parseJUnit(file, options = {}) {
    const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES;
    let indexBudget = options.maxIndexBytes ?? DEFAULT_MAX_INDEX_BYTES;
    const report = {
        total: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        failures: [],
        unlistedFailures: 0,
        flaky: 0,
        flakyCases: [],
        failureIndex: [],
        unindexedFailures: 0
    };
    const testId = (open) => open.classname !== undefined ? `${open.classname}.${open.name}` : open.file !== undefined ? `${open.file}::${open.name}` : open.name;
    const describe = (open, outcome, text) => {
        const { excerpt, frames, exception } = text.finish();
        const id = testId(open);
        // A message that says nothing gives way to the exception line the traceback ends with.
        const message = GENERIC_MESSAGE.test(outcome.message) && exception !== undefined ? exception : outcome.message;
        return { id, classname: open.classname, name: open.name, kind: outcome.kind, message, excerpt, frames, file: open.file, line: open.line };
    };
    const suiteNames = [];
    let depth = 0;
    let testcase;
    /** Depth of the <failure>/<error> whose text is being collected. */
    let collecting;
    const closeTestCase = (open) => {
        report.total++;
        if (open.failure !== undefined) {
            report.failed++;
            const described = open.text !== undefined ? describe(open, open.failure, open.text) : undefined;
            const message = described?.message ?? open.failure.message;
            const line = `${cut(testId(open))} (${open.failure.kind})${message !== '' ? `: ${cut(message)}` : ''}`;
            if (line.length <= indexBudget) {
                report.failureIndex.push(detach(line));
                indexBudget -= line.length;
            }
            else {
                report.unindexedFailures++;
                indexBudget = 0;
            }
            if (report.failures.length >= maxFailures || described === undefined) {
                report.unlistedFailures++;
                return;
            }
            report.failures.push(described);
        }
        else if (open.skipped) {
            report.skipped++;
        }
        else {
            report.passed++;
            if (open.flaky !== undefined) {
                report.flaky++;
                if (report.flakyCases.length < maxFailures)
                    report.flakyCases.push(describe(open, open.flaky, open.text ?? new FailureText()));
            }
        }
    };
    await streamXml(file, {
        opentag(tag) {
            depth++;
            if (depth === 1 && !ROOTS.has(tag.name)) {
                throw new ReportError(`is not a JUnit XML report: its root element is <${excerpt(tag.name)}>, not <testsuites> or <testsuite>`);
            }
            if (tag.name === 'testsuite') {
                suiteNames.push(attribute(tag, 'name'));
            }
            else if (tag.name === 'testcase' && testcase === undefined) {
                testcase = {
                    depth,
                    classname: attribute(tag, 'classname'),
                    name: attribute(tag, 'name') ?? '(unnamed)',
                    file: attribute(tag, 'file'),
                    line: testcaseLine(attribute(tag, 'line'), suiteNames.at(-1)),
                    failure: undefined,
                    flaky: undefined,
                    skipped: false,
                    text: undefined
                };
            }
            else if (testcase !== undefined && depth === testcase.depth + 1) {
                if (tag.name === 'failure' || tag.name === 'error') {
                    if (testcase.failure === undefined) {
                        testcase.failure = {
                            kind: tag.name,
                            message: junit_firstLine(attribute(tag, 'message') ?? attribute(tag, 'type'))
                        };
                    }
                    // Every failure's text is read (for its exception line); only a bounded part is kept.
                    testcase.text ??= new FailureText();
                    collecting = depth;
                }
                else if ((tag.name === 'flakyFailure' || tag.name === 'flakyError') && testcase.flaky === undefined && testcase.failure === undefined) {
                    testcase.flaky = { kind: tag.name === 'flakyError' ? 'error' : 'failure', message: junit_firstLine(attribute(tag, 'message') ?? attribute(tag, 'type')) };
                    if (report.flakyCases.length < maxFailures) {
                        testcase.text ??= new FailureText();
                        collecting = depth;
                    }
                }
                else if (tag.name === 'skipped') {
                    testcase.skipped = true;
                }
            }
        },
        closetag(tag) {
            if (collecting === depth)
                collecting = undefined;
            if (testcase !== undefined && depth === testcase.depth) {
                closeTestCase(testcase);
                testcase = undefined;
            }
            else if (tag.name === 'testsuite') {
                suiteNames.pop();
            }
            depth--;
        },
        wantText: () => collecting !== undefined,
        text(text) {
            testcase?.text?.add(text);
        }
    });
    return report;
}

;// CONCATENATED MODULE: ./src/certify/tests.ts



const tests_INPUT = 'junit-xml';
/**
 * Failures annotated: a step shows 10 per kind, but the check run takes them all (50 per request), so
 * enough for a bad day; describing tens of thousands would only cost memory and API requests.
 */
const MAX_ANNOTATED_FAILURES = 500;
const MAX_ANNOTATION_MESSAGE = 4096;
/** The list of every failed test, for the job summary (whose limit is 1 MiB). */
const MAX_INDEX_BYTES = 512 * 1024;
function tests_check(status, message, extra = {}) {
    return { name: 'tests', status, message, annotations: [], metrics: {}, details: [], ...extra };
}
async function checkTests(options, ctx) {
    if (options.patterns.trim() === '')
        return tests_check('skip', `no JUnit report given (input '${tests_INPUT}')`);
    const found = await reportFilesOf(tests_INPUT, options.patterns, 'did the test step write its report there (pytest --junitxml=PATH)?', ctx);
    if ('problem' in found)
        return tests_check('fail', found.problem);
    const { files } = found;
    const totals = { total: 0, passed: 0, failed: 0, skipped: 0, flaky: 0 };
    const failures = [];
    const index = [];
    let unindexed = 0;
    let indexBudget = MAX_INDEX_BYTES;
    const flaky = [];
    let unlisted = 0;
    const details = [];
    const problems = [];
    for (const file of files) {
        let report;
        try {
            report = await parseJUnit(file, { maxFailures: MAX_ANNOTATED_FAILURES - failures.length, maxIndexBytes: Math.max(0, indexBudget) });
        }
        catch (error) {
            problems.push({ file, error: asReportProblem(error) });
            continue;
        }
        ctx.logger.info(`tests: ${displayPath(file, ctx.workspace)}: ${counts(report)}`);
        totals.total += report.total;
        totals.passed += report.passed;
        totals.failed += report.failed;
        totals.skipped += report.skipped;
        totals.flaky += report.flaky;
        failures.push(...report.failures);
        const prefix = files.length > 1 ? `${displayPath(file, ctx.workspace)}: ` : '';
        for (const line of report.failureIndex) {
            index.push(`${prefix}${line}`);
            indexBudget -= line.length;
        }
        unindexed += report.unindexedFailures;
        flaky.push(...report.flakyCases.slice(0, MAX_ANNOTATED_FAILURES - flaky.length));
        unlisted += report.unlistedFailures;
        details.push(`${displayPath(file, ctx.workspace)}: ${counts(report)}`);
    }
    const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir);
    if (problems.length > 0)
        return malformed(problems, paths, ctx);
    const executed = totals.total - totals.skipped;
    const metrics = { ...totals };
    if (executed === 0) {
        const why = totals.total === 0 ? 'hold no test cases' : `hold only skipped tests (${totals.skipped})`;
        return tests_check('fail', `the JUnit reports ${why}; no test was executed`, { metrics, details: several(details) });
    }
    const passRate = (totals.passed / executed) * 100;
    const passed = passRate >= options.minPassRate;
    const flakyNote = totals.flaky > 0 ? `, ${totals.flaky} flaky: passed only on a rerun` : '';
    const message = `${formatPercent(passRate, options.minPassRate)} of ${totals.total} tests passed ` +
        `(${totals.failed} failed, ${totals.skipped} skipped${flakyNote}); minimum ${options.minPassRate}%`;
    const annotations = [
        ...failures.map(failure => tests_annotate(failure, paths, passed ? 'warning' : 'error')),
        ...flaky.map(test => {
            const annotation = tests_annotate(test, paths, 'warning');
            return { ...annotation, title: `Flaky: ${annotation.title ?? test.id}`, message: `passed only on a rerun; it first failed with:\n${annotation.message}` };
        })
    ];
    const extra = several(details);
    if (unlisted > 0)
        extra.push(`${unlisted} more failed tests are counted but not annotated`);
    // A flaky test does not fail the gate, but it is something to fix.
    return tests_check(!passed ? 'fail' : totals.flaky > 0 ? 'warn' : 'pass', message, {
        annotations,
        ...(index.length + unindexed > 0 ? { list: { title: `${totals.failed} failed tests`, items: index, more: unindexed } } : {}),
        metrics: { passRate, ...metrics },
        details: extra
    });
}
function counts(report) {
    const flaky = report.flaky > 0 ? ` (${report.flaky} flaky)` : '';
    return `${report.total} tests, ${report.passed} passed${flaky}, ${report.failed} failed, ${report.skipped} skipped`;
}
/** Per-file lines only say something when there are several files. */
function several(details) {
    return details.length > 1 ? details : [];
}
function malformed(problems, paths, ctx) {
    const lines = problems.map(({ file, error }) => `JUnit report ${displayPath(file, ctx.workspace)} ${error.message}`);
    const annotations = problems.map(({ file, error }) => {
        const inRepository = paths.locate(file) !== undefined;
        return {
            level: 'error',
            title: 'Unreadable JUnit report',
            message: `${displayPath(file, ctx.workspace)} ${error.message}; pass a JUnit XML file as written by pytest --junitxml (input '${tests_INPUT}')`,
            ...(inRepository ? { file: paths.relative(file), line: error.line } : {})
        };
    });
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : '';
    return tests_check('fail', `${lines[0]}${more}`, { annotations, details: problems.length > 1 ? lines : [] });
}
/** Where a failure points: the deepest frame in the repository, the testcase's file/line, or its module. */
function locateFailure(failure, paths) {
    for (const frame of failure.frames) {
        const found = paths.locate(frame.path);
        if (found !== undefined)
            return { file: paths.relative(found), line: frame.line };
    }
    if (failure.file !== undefined) {
        const found = paths.locate(failure.file);
        if (found !== undefined)
            return { file: paths.relative(found), line: failure.line };
    }
    if (failure.classname !== undefined) {
        // tests.test_mod.TestCls → tests/test_mod/TestCls.py, tests/test_mod.py, tests.py
        const parts = failure.classname.split('.');
        for (let length = parts.length; length >= 1; length--) {
            const found = paths.locate(`${parts.slice(0, length).join('/')}.py`);
            if (found !== undefined)
                return { file: paths.relative(found) };
        }
    }
    return {};
}
function tests_annotate(failure, paths, level) {
    let message = [failure.message, failure.excerpt].filter(part => part !== '').join('\n\n');
    if (message === '')
        message = `test ${failure.kind === 'error' ? 'errored' : 'failed'} without a message`;
    if (message.length > MAX_ANNOTATION_MESSAGE)
        message = `${message.slice(0, MAX_ANNOTATION_MESSAGE - 1)}…`;
    const { file, line } = locateFailure(failure, paths);
    return {
        level,
        title: failure.id,
        message,
        ...(file !== undefined ? { file } : {}),
        ...(file !== undefined && line !== undefined ? { line } : {})
    };
}

;// CONCATENATED MODULE: external "node:readline"
const external_node_readline_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");
;// CONCATENATED MODULE: ./src/certify/coverage.ts
// The `coverage` check: line coverage from Cobertura XML, coverage.py JSON or LCOV
// (told apart by content) must reach min-coverage. Every format is read down to its
// per-line data, so one coverage.py run gives the same figure in all three, and
// several reports merge as the union of covered lines per file.






const coverage_INPUT = 'coverage-report';
function coverage_check(status, message, extra = {}) {
    return { name: 'coverage', status, message, annotations: [], metrics: {}, details: [], ...extra };
}
async function checkCoverage(options, ctx) {
    if (options.patterns.trim() === '')
        return coverage_check('skip', `no coverage report given (input '${coverage_INPUT}')`);
    const found = await reportFilesOf(coverage_INPUT, options.patterns, 'did the test step write its report there (pytest --cov-report=xml:PATH, coverage json/xml/lcov -o PATH)?', ctx);
    if ('problem' in found)
        return coverage_check('fail', found.problem);
    const { files } = found;
    const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir);
    const merged = new Map();
    const details = [];
    const problems = [];
    for (const file of files) {
        const shown = displayPath(file, ctx.workspace);
        let report;
        try {
            report = await parseCoverage(file);
        }
        catch (error) {
            problems.push(`coverage report ${shown} ${asReportProblem(error).message}`);
            continue;
        }
        const own = totalsOf(report.files.map(entry => entry.lines));
        const ownBranches = report.files.some(entry => entry.branches !== undefined)
            ? branchTotals(report.files.flatMap(entry => (entry.branches ? [entry.branches] : [])))
            : undefined;
        const line = `${shown}: ${report.format}, ${report.files.length} files, ${own.covered}/${own.valid} lines` +
            (ownBranches ? `, ${ownBranches.covered}/${ownBranches.valid} branches` : '');
        ctx.logger.info(`coverage: ${line}`);
        details.push(line);
        for (const entry of report.files) {
            const found = locateFile(entry.candidates, paths);
            const key = found ?? `?${entry.candidates[0] ?? ''}`;
            const target = merged.get(key) ?? {
                path: found ?? entry.candidates[0] ?? '',
                inRepository: found !== undefined,
                lines: new Map(),
                branches: undefined
            };
            // A line is covered when any run covered it (the union of partial runs).
            for (const [number, covered] of entry.lines)
                target.lines.set(number, covered || target.lines.get(number) === true);
            if (entry.branches !== undefined) {
                target.branches ??= new Map();
                for (const [branch, covered] of entry.branches)
                    target.branches.set(branch, covered || target.branches.get(branch) === true);
            }
            merged.set(key, target);
        }
    }
    if (problems.length > 0) {
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : '';
        return coverage_check('fail', `${problems[0]}${more}`, { details: problems.length > 1 ? problems : [] });
    }
    const { covered, valid } = totalsOf([...merged.values()].map(entry => entry.lines));
    const extra = details.length > 1 ? details : [];
    if (valid === 0) {
        return coverage_check('fail', 'the coverage reports measure no lines; was coverage collected for the right package (--cov=PACKAGE)?', {
            metrics: { linesCovered: 0, linesValid: 0 },
            details: extra
        });
    }
    const coverage = (covered / valid) * 100;
    const metrics = { coverage, linesCovered: covered, linesValid: valid };
    const minBranch = options.minBranchCoverage ?? 0;
    let message = `${formatPercent(coverage, options.minCoverage)} line coverage (${covered}/${valid} lines); ` + `minimum ${options.minCoverage}%`;
    const withBranches = [...merged.values()].filter(entry => entry.branches !== undefined);
    let branchShort = false;
    if (withBranches.length > 0) {
        const branches = branchTotals(withBranches.map(entry => entry.branches));
        // No branch at all (straight-line code) is complete branch coverage, as coverage.py counts it.
        const branchCoverage = branches.valid === 0 ? 100 : (branches.covered / branches.valid) * 100;
        Object.assign(metrics, { branchCoverage, branchesCovered: branches.covered, branchesValid: branches.valid });
        message +=
            `; ${formatPercent(branchCoverage, minBranch)} branch coverage (${branches.covered}/${branches.valid} branches)` +
                (minBranch > 0 ? `, minimum ${minBranch}%` : '');
        branchShort = branchCoverage < minBranch;
    }
    else if (minBranch > 0) {
        message += `; the reports have no branch data, so input 'min-branch-coverage' (${minBranch}%) cannot be met: measure branches (coverage run --branch, pytest --cov-branch)`;
        branchShort = true;
    }
    if (coverage < options.minCoverage || branchShort)
        return coverage_check('fail', message, { metrics, details: extra });
    const inProject = [...merged.values()].some(entry => entry.inRepository && paths.inProject(entry.path));
    if (!inProject) {
        const example = [...merged.values()][0]?.path ?? '';
        const project = ctx.projectDir === ctx.workspace ? '.' : displayPath(ctx.projectDir, ctx.workspace);
        const warning = `None of the ${merged.size} files in the coverage report (such as '${example}') is a file of the project in ` +
            `'${project}'. Was the report made from another project, or with ` +
            'the wrong --cov/source setting?';
        return coverage_check('warn', `${message}; but no file in the report belongs to the project`, {
            metrics,
            details: extra,
            annotations: [{ level: 'warning', title: 'Coverage report does not match the project', message: warning }]
        });
    }
    return coverage_check('pass', message, { metrics, details: extra });
}
function totalsOf(tables) {
    let covered = 0;
    let valid = 0;
    for (const lines of tables) {
        valid += lines.size;
        for (const hit of lines.values())
            if (hit)
                covered++;
    }
    return { covered, valid };
}
/** Branch totals over files; a file with branch data from several formats counts the format that covers most. */
function branchTotals(tables) {
    let covered = 0;
    let valid = 0;
    for (const table of tables) {
        const byFormat = new Map();
        for (const [key, hit] of table) {
            const totals = byFormat.get(key[0]) ?? { covered: 0, valid: 0 };
            totals.valid++;
            if (hit)
                totals.covered++;
            byFormat.set(key[0], totals);
        }
        const best = [...byFormat.values()].sort((a, b) => b.covered - a.covered || b.valid - a.valid)[0];
        covered += best?.covered ?? 0;
        valid += best?.valid ?? 0;
    }
    return { covered, valid };
}
function locateFile(candidates, paths) {
    for (const candidate of candidates) {
        const found = paths.locate(candidate);
        if (found !== undefined)
            return found;
    }
    return undefined;
}
// ---- reading the three formats -------------------------------------------------
/** Reads one coverage report, whatever its format; throws ReportError when it is none of them. */
async function parseCoverage(file) {
    const format = await detectFormat(file);
    switch (format) {
        case 'coverage.py json':
            return { format, files: await parseCoveragePyJson(file) };
        case 'cobertura':
            return { format, files: await parseCobertura(file) };
        case 'lcov':
            return { format, files: await parseLcov(file) };
    }
}
async function detectFormat(file) {
    let start;
    try {
        const handle = await (0,promises_.open)(file, 'r');
        try {
            const buffer = Buffer.alloc(4096);
            const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
            start = buffer
                .subarray(0, bytesRead)
                .toString('utf8')
                .replace(/^\uFEFF/, '')
                .trimStart();
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        throw new ReportError(`cannot be read: ${errorMessage(error)}`);
    }
    if (start === '')
        throw new ReportError('is empty');
    if (start.startsWith('{'))
        return 'coverage.py json';
    if (start.startsWith('<'))
        return 'cobertura';
    if (/^(TN|SF|VER):/.test(start))
        return 'lcov';
    throw new ReportError('is in no format this action reads: expected Cobertura XML (coverage xml), coverage.py JSON (coverage json) or LCOV (coverage lcov)');
}
/**
 * coverage.py 6.x on Python 3.11+ also lists a module docstring's line as executed, though
 * it is no statement: its JSON has one more executed line than `num_statements`, its LCOV one
 * more DA line than `LF` (and LH > LF), while its Cobertura lists statements only. The module
 * docstring comes before every statement, so the surplus is the lowest executed lines, ahead
 * of any missed one; drop those, and all three formats of a run agree again.
 */
function dropNonStatements(lines, statements) {
    if (statements === undefined || !Number.isInteger(statements) || lines.size <= statements)
        return;
    const numbers = [...lines.keys()].sort((a, b) => a - b);
    const surplus = numbers.slice(0, lines.size - statements);
    if (surplus.every(line => lines.get(line) === true))
        for (const line of surplus)
            lines.delete(line);
}
function isLineNumber(value) {
    return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
/** coverage.py JSON: measured lines are executed_lines ∪ missing_lines (percent_covered mixes in branches). */
async function parseCoveragePyJson(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new ReportError(`cannot be read: ${errorMessage(error)}`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new ReportError(`is not valid JSON: ${jsonSyntaxProblem(error)}; it begins '${excerpt(text)}'`);
    }
    const files = data?.files;
    if (typeof files !== 'object' || files === null || Array.isArray(files)) {
        throw new ReportError("is not a coverage.py JSON report: it has no 'files' object");
    }
    const result = [];
    for (const [path, entry] of Object.entries(files)) {
        const { executed_lines: executed, missing_lines: missing } = (entry ?? {});
        if (!Array.isArray(executed) || !Array.isArray(missing) || ![...executed, ...missing].every(isLineNumber)) {
            throw new ReportError(`is not a coverage.py JSON report: file '${excerpt(path)}' lacks executed_lines/missing_lines line numbers`);
        }
        const lines = new Map();
        for (const line of missing)
            lines.set(line, false);
        for (const line of executed)
            lines.set(line, true);
        const summary = entry.summary;
        dropNonStatements(lines, typeof summary?.num_statements === 'number' ? summary.num_statements : undefined);
        const { executed_branches: taken, missing_branches: notTaken } = (entry ?? {});
        // Present only when coverage ran with --branch.
        if (Array.isArray(taken) && Array.isArray(notTaken)) {
            const branches = new Map();
            const arc = (value) => {
                if (!Array.isArray(value) || value.length !== 2 || !value.every(n => Number.isInteger(n))) {
                    throw new ReportError(`is not a coverage.py JSON report: file '${excerpt(path)}' has a branch that is not a [from, to] pair`);
                }
                return `a:${value[0]}>${value[1]}`;
            };
            for (const branch of notTaken)
                branches.set(arc(branch), false);
            for (const branch of taken)
                branches.set(arc(branch), true);
            // coverage.py 6.x on Python 3.11+ also lists a comprehension's inner loop arc (n→n) as an
            // executed branch without counting it in num_branches (its LCOV puts it at line 0, its
            // Cobertura leaves it out): drop such arcs while there are more arcs than branches.
            const counted = summary?.num_branches;
            if (typeof counted === 'number' && branches.size > counted) {
                const inner = [...branches.keys()].filter(key => {
                    const [from, to] = key.slice(2).split('>');
                    return from === to && branches.get(key) === true;
                });
                for (const key of inner.slice(0, branches.size - counted))
                    branches.delete(key);
            }
            result.push({ candidates: [path], lines, branches });
        }
        else {
            result.push({ candidates: [path], lines });
        }
    }
    return result;
}
/** Cobertura XML, streamed: <line number hits> of each <class>; filenames are relative to the <source> roots. */
async function parseCobertura(file) {
    const sources = [];
    const byFilename = new Map();
    const branchesOf = new Map();
    const stack = [];
    let source;
    let lines;
    let branches;
    await streamXml(file, {
        opentag(tag) {
            if (stack.length === 0 && tag.name !== 'coverage') {
                throw new ReportError(`is not a Cobertura coverage report: its root element is <${excerpt(tag.name)}>, not <coverage>`);
            }
            const parent = stack.at(-1);
            stack.push(tag.name);
            if (tag.name === 'source' && parent === 'sources') {
                source = '';
            }
            else if (tag.name === 'class') {
                // detached: a slice would keep the whole read chunk it came from alive
                const filename = tag.attributes.filename === undefined ? undefined : detach(tag.attributes.filename);
                if (filename === undefined || filename === '')
                    throw new ReportError('has a <class> without a filename');
                lines = byFilename.get(filename) ?? new Map();
                byFilename.set(filename, lines);
                branches = branchesOf.get(filename) ?? new Map();
                branchesOf.set(filename, branches);
            }
            else if (tag.name === 'line' && parent === 'lines' && stack.at(-3) === 'class' && lines !== undefined) {
                // <class><lines><line>: the per-file lines (<method><lines> repeats some of them)
                const number = Number(tag.attributes.number);
                const hits = Number(tag.attributes.hits);
                if (!isLineNumber(number) || Number.isNaN(hits)) {
                    throw new ReportError(`has a <line> without a valid number and hits (number="${excerpt(tag.attributes.number ?? '')}")`);
                }
                lines.set(number, hits > 0 || lines.get(number) === true);
                // condition-coverage="50% (1/2)" on a line with branch="true"
                const condition = /\((\d+)\/(\d+)\)/.exec(tag.attributes['condition-coverage'] ?? '');
                if (tag.attributes.branch === 'true' && condition && branches !== undefined) {
                    const [taken, total] = [Number(condition[1]), Number(condition[2])];
                    for (let i = 0; i < total; i++)
                        branches.set(`c:${number}#${i}`, i < taken || branches.get(`c:${number}#${i}`) === true);
                }
            }
        },
        closetag(tag) {
            stack.pop();
            if (tag.name === 'source' && source !== undefined) {
                if (source.trim() !== '')
                    sources.push(detach(source.trim()));
                source = undefined;
            }
            else if (tag.name === 'class') {
                lines = undefined;
                branches = undefined;
            }
        },
        wantText: () => source !== undefined,
        text(text) {
            // a path, not a novel: a <source> longer than this is not one
            if (source !== undefined && source.length < 8192)
                source += text;
        }
    });
    // Cobertura says branch-rate for every file; only branch="true" lines carry data.
    const hasBranches = [...branchesOf.values()].some(table => table.size > 0);
    return [...byFilename].map(([filename, table]) => ({
        candidates: [...sources.map(root => joinReportPath(root, filename)), filename],
        lines: table,
        ...(hasBranches ? { branches: branchesOf.get(filename) } : {})
    }));
}
/** Joins a report's root and a path as the report's machine would (it may not be this one). */
function joinReportPath(root, path) {
    const normalized = path.replace(/\\/g, '/');
    if (normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized))
        return normalized;
    return external_node_path_.posix.join(root.replace(/\\/g, '/'), normalized);
}
/** LCOV: DA:<line>,<hits>[,<checksum>] under each SF:<path>. */
async function parseLcov(file) {
    const byPath = new Map();
    const branchesOf = new Map();
    let lines;
    let branches;
    let branchesMeasured = false;
    let lineNumber = 0;
    const input = (0,external_node_fs_.createReadStream)(file, { encoding: 'utf8' });
    const reader = (0,external_node_readline_namespaceObject.createInterface)({ input, crlfDelay: Infinity });
    try {
        for await (const raw of reader) {
            lineNumber++;
            const record = raw.trim();
            if (record.startsWith('SF:')) {
                const path = detach(record.slice(3));
                lines = byPath.get(path) ?? new Map();
                byPath.set(path, lines);
                branches = branchesOf.get(path) ?? new Map();
                branchesOf.set(path, branches);
            }
            else if (record.startsWith('LF:') && lines !== undefined) {
                dropNonStatements(lines, Number(record.slice(3)));
            }
            else if (record === 'end_of_record') {
                lines = undefined;
                branches = undefined;
            }
            else if (record.startsWith('BRF:')) {
                branchesMeasured = true;
            }
            else if (record.startsWith('BRDA:')) {
                // BRDA:<line>,<block>,<branch>,<taken: count or ->
                const fields = record.slice(5).split(',');
                const taken = fields.at(-1);
                // coverage.py 6.x writes a comprehension's inner loop arc as a branch at line 0, outside its BRF count
                if (fields[0] === '0')
                    continue;
                if (branches === undefined || fields.length < 4 || taken === undefined || (taken !== '-' && Number.isNaN(Number(taken)))) {
                    throw new ReportError(`is not valid LCOV: line ${lineNumber}: '${excerpt(record)}' is not BRDA:<line>,<block>,<branch>,<taken>`, lineNumber);
                }
                const key = `l:${fields.slice(0, -1).join(',')}`;
                branches.set(key, (taken !== '-' && Number(taken) > 0) || branches.get(key) === true);
            }
            else if (record.startsWith('DA:')) {
                const [line, hits] = record.slice(3).split(',');
                const number = Number(line);
                const count = Number(hits);
                if (lines === undefined)
                    throw new ReportError(`is not valid LCOV: line ${lineNumber}: DA outside an SF record`, lineNumber);
                if (!isLineNumber(number) || hits === undefined || hits === '' || Number.isNaN(count)) {
                    throw new ReportError(`is not valid LCOV: line ${lineNumber}: '${excerpt(record)}' is not DA:<line>,<hits>`, lineNumber);
                }
                lines.set(number, count > 0 || lines.get(number) === true);
            }
        }
    }
    catch (error) {
        if (error instanceof ReportError)
            throw error;
        throw new ReportError(`cannot be read: ${errorMessage(error)}`);
    }
    finally {
        reader.close();
        input.destroy();
    }
    if (byPath.size === 0)
        throw new ReportError('is not valid LCOV: it has no SF: records');
    const hasBranches = branchesMeasured || [...branchesOf.values()].some(table => table.size > 0);
    return [...byPath].map(([path, table]) => ({
        candidates: [path],
        lines: table,
        ...(hasBranches ? { branches: branchesOf.get(path) } : {})
    }));
}

;// CONCATENATED MODULE: ./src/certify/validator.ts







/** FAIL if any check fails, PARTIAL if any warns or was skipped, else PASS. */
function certificationStatus(checks) {
    if (checks.some(check => check.status === 'fail'))
        return types/* CertificationStatus */.ZZ.FAIL;
    if (checks.some(check => check.status === 'warn' || check.status === 'skip'))
        return types/* CertificationStatus */.ZZ.PARTIAL;
    return types/* CertificationStatus */.ZZ.PASS;
}
/**
 * Runs one check; an error it did not expect becomes that check's own result (`fail`, or `warn`
 * for what is optional), with one line naming what it could not do (the stack goes to the debug log).
 */
async function validator_isolated(name, logger, status, run, wrap) {
    try {
        return await run();
    }
    catch (error) {
        logger.debug(`${name} check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        const message = `the ${name} check stopped on an unexpected error: ${(0,errors/* describeError */.U)(error)}`;
        return wrap({
            name,
            status,
            message,
            annotations: [{ level: status === 'fail' ? 'error' : 'warning', title: `Certification: ${name} check could not run`, message }],
            metrics: {},
            details: []
        });
    }
}
class ReleaseValidator {
    options;
    constructor(options) {
        this.options = options;
    }
    async certify() {
        const { options } = this;
        const { logger } = options.context;
        // Each check is isolated: an error it did not expect becomes its own failure (a warning for docs
        // when no item is required), and every other check still runs, so the report is complete.
        const version = await validator_isolated('version', logger, 'fail', async () => checkVersion(options.version), check => ({ check, releaseVersion: undefined }));
        const [tests, coverage, security, docs] = await Promise.all([
            validator_isolated('tests', logger, 'fail', () => checkTests({ patterns: options.junitXml, minPassRate: options.minPassRate }, options.context), check => check),
            validator_isolated('coverage', logger, 'fail', () => checkCoverage({ patterns: options.coverageReport, minCoverage: options.minCoverage, minBranchCoverage: options.minBranchCoverage }, options.context), check => check),
            validator_isolated('security', logger, 'fail', () => checkSecurity({
                patterns: options.securityReport,
                failOnSeverity: options.failOnSeverity,
                ignoreVulns: options.ignoreVulns,
                scan: options.securityScan,
                python: options.python,
                projectName: options.version.project.name
            }, options.context), check => check),
            validator_isolated('docs', logger, options.docsRequired.length > 0 ? 'fail' : 'warn', () => checkDocs({
                project: options.version.project,
                required: options.docsRequired,
                version: version.releaseVersion,
                python: options.python,
                workspace: options.context.workspace,
                ...(options.buildFollows ? { built: 'later' } : {})
            }), check => ({ check, releaseNotes: undefined }))
        ]);
        const checks = [version.check, tests, coverage, security, docs.check];
        return { version: version.releaseVersion, status: certificationStatus(checks), checks, releaseNotes: docs.releaseNotes };
    }
}
/** The certification once the built files' version is known: the version check is taken again with them. */
function recertifyVersion(certification, evidence) {
    const version = checkVersion(evidence);
    const checks = certification.checks.map(check => (check.name === 'version' ? version.check : check));
    return { ...certification, version: version.releaseVersion, status: certificationStatus(checks), checks };
}
/**
 * The certification once the files are built: the docs check is taken again with them, since only what
 * ships decides the readme, the license and the urls (the changelog finding is kept as it was).
 */
async function recertifyDocs(certification, options) {
    const previous = certification.checks.find(check => check.name === 'docs');
    if (!previous)
        return certification;
    let docs;
    let releaseNotes = certification.releaseNotes;
    try {
        const rechecked = await checkDocs({ ...options, version: certification.version, previous });
        docs = rechecked.check;
        // the changelog's entry, when only the built files' version let it be found
        releaseNotes ??= rechecked.releaseNotes;
    }
    catch (error) {
        const status = options.required.length > 0 ? 'fail' : 'warn';
        const message = `the docs check stopped on an unexpected error reading the built files: ${(0,errors/* describeError */.U)(error)}`;
        docs = {
            name: 'docs',
            status,
            message,
            annotations: [{ level: status === 'fail' ? 'error' : 'warning', title: 'Certification: docs check could not run', message }],
            metrics: {},
            details: []
        };
    }
    const checks = certification.checks.map(check => (check.name === 'docs' ? docs : check));
    return { ...certification, status: certificationStatus(checks), checks, ...(releaseNotes !== undefined ? { releaseNotes } : {}) };
}

;// CONCATENATED MODULE: ./src/certify/stage.ts



/** The inputs the gates read; ValidatorOptions calls them by the same names, so they are handed on as they are. */
const GATE_INPUTS = [
    'junitXml',
    'minPassRate',
    'coverageReport',
    'minCoverage',
    'minBranchCoverage',
    'securityReport',
    'failOnSeverity',
    'ignoreVulns',
    'securityScan',
    'docsRequired',
    'python'
];
async function certifyStage(inputs, { evidence, workspace, logger }) {
    // Earlier release tags matter only to certification (and the version check after the build).
    const withHistory = { ...evidence, history: await (0,git/* readTagHistory */.hq)(inputs.projectDir, inputs.tagPrefix) };
    const gates = Object.fromEntries(GATE_INPUTS.map(name => [name, inputs[name]]));
    const validator = new ReleaseValidator({
        ...gates,
        version: withHistory,
        buildFollows: inputs.stages.includes('build'),
        context: { workspace, projectDir: inputs.projectDir, logger }
    });
    const certification = await validator.certify();
    for (const check of certification.checks)
        logger.info(`${check.name}: ${check.status} — ${check.message}`);
    const status = certification.status;
    const failed = status === types/* CertificationStatus */.ZZ.FAIL || (status === types/* CertificationStatus */.ZZ.PARTIAL && inputs.failOnPartial);
    const why = status === types/* CertificationStatus */.ZZ.PARTIAL && inputs.failOnPartial ? ' (fail-on-partial is true)' : '';
    logger.info(`certification: ${status}${why}`);
    return { status: failed ? 'failed' : 'ok', message: `certification ${status}${why}`, annotations: [], certification, evidence: withHistory };
}

;// CONCATENATED MODULE: ./src/early.ts
function startEarly(work, target, options = {}) {
    let buffer = [];
    let dropped = false;
    let taken = false;
    let markStarted = () => { };
    const started = new Promise(resolve => {
        const timer = setTimeout(resolve, options.maxWaitMs ?? 100);
        markStarted = () => {
            clearTimeout(timer);
            resolve();
        };
    });
    const write = (kind, message) => {
        if (kind === 'info' && options.startedWhen?.(message))
            markStarted();
        if (dropped)
            return;
        if (buffer)
            buffer.push([kind, message]);
        else
            target[kind](message);
    };
    const logger = { info: message => write('info', message), debug: message => write('debug', message) };
    // Settled at once, so that a failure waits for take() without being an unhandled rejection.
    const settled = Promise.resolve()
        .then(() => work(logger))
        .then(value => ({ value }), (error) => ({ error }));
    void settled.then(() => markStarted());
    return {
        started,
        get taken() {
            return taken;
        },
        async take() {
            taken = true;
            const lines = buffer ?? [];
            buffer = undefined;
            for (const [kind, message] of lines)
                target[kind](message);
            const outcome = await settled;
            if ('error' in outcome)
                throw outcome.error;
            return outcome.value;
        },
        async discard() {
            dropped = true;
            buffer = undefined;
            await settled;
        }
    };
}

// EXTERNAL MODULE: ./src/trace.ts
var trace = __nccwpck_require__(73606);
// EXTERNAL MODULE: ./src/warehouse/description.ts
var description = __nccwpck_require__(65677);
;// CONCATENATED MODULE: ./src/build/stage.ts
// The build stage: the sdist and wheel (started alongside certify when it may), the version and docs
// checks taken again with the built files, and the hand-off of the files to later jobs as an artifact.













/** The sdist and wheel, in a fresh directory under the runner's temp. */
async function buildFiles(inputs, env, hooks, logger) {
    (0,trace/* trace */.u)('build files start');
    const outputDir = (0,external_node_path_.join)(await (0,src_env/* runnerTempDir */.cl)(env.runnerTemp, 'python-release-'), 'dist');
    const options = {
        projectDir: inputs.projectDir,
        python: inputs.python,
        isolation: inputs.buildIsolation,
        buildRequirements: inputs.buildRequirements,
        builder: inputs.builder,
        checkReproducible: inputs.checkReproducible,
        wheelFromSdist: inputs.wheelFromSdist,
        // published files never become build input, whichever targets this run has
        exclude: [inputs.localDir],
        // a run publishing to local-dir builds from the copy even before the directory exists, as its re-run will
        excludeBeforeCreated: inputs.targets.includes(types/* DistributionTarget */.Us.LOCAL),
        outputDir,
        // the build's working directory sits at the same path on every run of the project (source.ts)
        workRoot: env.runnerTemp || (0,external_node_os_.tmpdir)(),
        env: { ...process.env, SOURCE_DATE_EPOCH: env.sourceDateEpoch },
        logger
    };
    const report = await (hooks.builder ? hooks.builder(options) : new builder/* PackageBuilder */.Sd(options)).build();
    (0,trace/* trace */.u)('build files end');
    return report;
}
/**
 * The build started now, to run alongside certify (which the caller runs next); undefined when it must
 * wait for its stage. Building depends on nothing certify finds; its log lines wait for the build's log
 * group, and only a passed certification opens it. What depends on certification (the version and docs
 * taken again with the built files, the artifact upload, the outcome) still comes in buildStage.
 */
function startEarlyBuild(inputs, env, hooks) {
    // Not while certify scans the project's tree itself (bandit): a build in place writes into that tree
    // (setuptools' sdist staging, egg-info), which the scan would read.
    if (!inputs.stages.includes('build') || inputs.securityScan !== 'none')
        return undefined;
    // `started` says when the build's command is under way, or 50 ms at most (the build's requirements
    // check may come first; a long certify must not wait long).
    return startEarly(log => buildFiles(inputs, env, hooks, log), hooks.logger, { startedWhen: line => line.startsWith('$ '), maxWaitMs: 50 });
}
async function buildStage(inputs, env, hooks, context) {
    const { logger } = hooks;
    const { project, evidence, early } = context;
    const annotations = [];
    const stop = (message, found = {}) => ({
        status: 'failed',
        message,
        annotations,
        build: undefined,
        certification: context.certification,
        version: undefined,
        artifact: undefined,
        ...found
    });
    let report;
    try {
        report = early ? await early.take() : await buildFiles(inputs, env, hooks, logger);
    }
    catch (error) {
        if (!(error instanceof builder/* BuildError */.zS))
            throw error;
        annotations.push({ level: 'error', title: 'Build failed', message: error.message, file: relativePosix(env.workspace, project.configPath) });
        return stop(`build failed: ${error.message.split('\n')[0]}`);
    }
    for (const artifact of report.artifacts)
        logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`);
    // PyPI refuses a reST description that does not render: judged here, where Python is, and handed on in the manifest
    const judged = await (0,description/* withDescriptionVerdicts */.rM)(inputs.python, report.artifacts);
    (0,trace/* trace */.u)('build descriptions judged');
    if (judged !== report.artifacts)
        report = { ...report, artifacts: judged };
    // The built files' version must be the release version; with a dynamic version they decide it.
    const built = { ...evidence, built: report.artifacts.map(a => ({ filename: a.filename, version: a.metadata.version })) };
    const version = checkVersion(built);
    let certification = context.certification ? recertifyVersion(context.certification, built) : undefined;
    // Only what ships decides the docs check's readme, license and urls: taken again with the built files.
    if (certification) {
        const shipped = { project, required: inputs.docsRequired, python: inputs.python, workspace: env.workspace, built: report.artifacts };
        certification = await recertifyDocs(certification, shipped);
        (0,trace/* trace */.u)('build docs judged');
        const docs = certification.checks.find(check => check.name === 'docs');
        if (docs && (docs.status === 'fail' || (docs.status === 'warn' && inputs.failOnPartial)) && version.check.status !== 'fail') {
            const partial = docs.status === 'warn' ? ' (fail-on-partial is true)' : '';
            return stop(`the built files do not ship the documentation certification requires${partial}: ${docs.message}`, { build: report, certification });
        }
    }
    if (version.check.status === 'fail') {
        // Without certification in this run, the version check's findings are the build's own.
        if (!certification)
            annotations.push(...version.check.annotations);
        return stop(`the built files' version is not a certified release version: ${version.check.message}`, { build: report, certification });
    }
    const releaseVersion = version.releaseVersion;
    const builtFiles = `${report.artifacts.length} files built (${report.artifacts.map(a => a.filename).join(', ')})`;
    const ok = (artifact) => ({
        status: 'ok',
        message: artifact ? `${builtFiles}; uploaded as artifact '${artifact.name}' (id ${artifact.id})` : builtFiles,
        annotations,
        build: report,
        certification,
        version: releaseVersion,
        artifact
    });
    const store = inputs.uploadArtifact ? hooks.artifacts : undefined;
    const unavailable = !inputs.uploadArtifact
        ? undefined
        : store
            ? env.artifactServiceUnavailable
            : 'the command line does not upload to the Actions artifact service';
    const uploads = inputs.uploadArtifact && !unavailable && store !== undefined;
    // The files' own name and version, which the version check just found to be the release's.
    const name = report.artifacts[0]?.metadata.name ?? project.name ?? '';
    // The artifact name, also when this step does not upload: the manifest's file is named after it, so
    // that the manifests of jobs whose dist-dirs are uploaded with actions/upload-artifact and downloaded
    // with merge-multiple never overwrite each other.
    let artifactName;
    try {
        artifactName = artifactNameFor(inputs.artifactName, env, name, releaseVersion);
    }
    catch (error) {
        if (!uploads)
            artifactName = undefined;
        else {
            const artifactError = error;
            annotations.push({ level: 'error', title: artifactError.title, message: artifactError.message });
            return stop(`${builtFiles}, but the artifact upload failed: ${artifactError.message}`, { build: report, certification, version: releaseVersion });
        }
    }
    // The release manifest beside the files (output dist-dir): what a publish job verifies them against.
    const manifest = (0,build_manifest/* releaseManifest */.Xo)({
        project: name,
        version: releaseVersion ?? '',
        certification,
        artifacts: report.artifacts,
        env,
        frontend: report.frontend ?? inputs.builder,
        python: inputs.python,
        artifact: artifactName
    });
    const manifestPath = await (0,build_manifest/* writeManifest */.HN)(report.outputDir, manifest);
    logger.info(`release manifest: ${manifestPath}`);
    if (!inputs.uploadArtifact)
        return ok();
    if (!uploads) {
        const message = `${unavailable?.[0]?.toUpperCase()}${unavailable?.slice(1)}. The built files and ${(0,external_node_path_.basename)(manifestPath)} are in ${report.outputDir}.`;
        annotations.push({ level: 'notice', title: 'Artifact upload skipped', message });
        return ok();
    }
    try {
        const artifact = await uploadRelease({
            store: store,
            name: artifactName,
            artifacts: report.artifacts,
            manifest,
            manifestPath,
            retentionDays: inputs.retentionDays,
            workDir: (0,external_node_path_.dirname)(report.outputDir),
            logger
        });
        return ok(artifact);
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const title = error instanceof ArtifactError ? error.title : 'Artifact upload failed';
        annotations.push({ level: 'error', title, message });
        return stop(`${builtFiles}, but the artifact upload failed: ${message.split('\n')[0]}`, { build: report, certification, version: releaseVersion });
    }
}

// EXTERNAL MODULE: ./src/publish/http.ts
var http = __nccwpck_require__(62211);
// EXTERNAL MODULE: ./src/publish/local.ts
var local = __nccwpck_require__(3440);
;// CONCATENATED MODULE: ./src/publish/manager.ts





/** 'publish-timeout''s default: 10 minutes (action.yml says the same). */
const DEFAULT_PUBLISH_TIMEOUT_MS = 10 * 60_000;
/**
 * A target made when it is first asked for something: pypi.ts and github.ts, with PyPI's upload rules
 * (warehouse/) behind them, are about a third of the bundle, which the bundle's start no longer compiles
 * and a release to a directory never loads (bench:pipeline). Nothing loaded, nothing to abandon.
 */
function loadedOnUse(make) {
    let made;
    const target = () => (made ??= make());
    return {
        preflight: async (artifacts) => (await target()).preflight(artifacts),
        publish: async (preflight) => (await target()).publish(preflight),
        finalize: async (result) => (await target()).finalize(result),
        abandon: async () => {
            const loaded = await made?.catch(() => undefined);
            await loaded?.abandon();
        }
    };
}
class DistributionManager {
    options;
    /** The targets made so far: preflight makes one, publish, finalize and abandon use the same. */
    made = new Map();
    makers;
    /** Starts with the first publish(); every target's requests, retries and waits end by it. */
    deadline;
    /** The publish attestation of each file, signed by attest() before any upload; read by every index target. */
    attestations = new Map();
    /** The build provenance bundle of each GitHub Release asset to upload, signed by attest(); stored by the github target. */
    provenance = new Map();
    signerModule;
    /** The read-back's trust (a verifier for SIGSTORE_TRUSTED_ROOT), made once per run and shared by the index targets. */
    provenanceTrust;
    /** PyPI's upload rules on the files: judged once (pypi and testpypi run the same warehouse), for whichever index target asks first. */
    judgement;
    constructor(options) {
        this.options = options;
        this.deadline = new http/* Deadline */.B2(options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS);
        const skipExisting = options.skipExisting ?? existing/* DEFAULT_SKIP_EXISTING */._G;
        const logger = options.logger ?? types/* silentLogger */.qq;
        // The provenance read-back's verifier: made once per run (its trusted root read once), shared by pypi and testpypi
        let trust;
        const provenanceTrust = () => (trust ??= Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(463), __nccwpck_require__.e(187), __nccwpck_require__.e(633)]).then(__nccwpck_require__.bind(__nccwpck_require__, 33633)).then(module => module.provenanceTrust(options.attestations?.sigstoreEnv ?? options.sigstoreEnv ?? {})));
        this.provenanceTrust = provenanceTrust;
        const index = (target) => {
            const settings = options[target];
            if (!settings)
                throw new Error(`no index settings for target '${target}'`);
            const index = (0,index_api/* locateIndex */.Zk)(settings.uploadUrl, settings.indexUrl);
            return loadedOnUse(async () => {
                const { IndexTarget } = await Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(604), __nccwpck_require__.e(454)]).then(__nccwpck_require__.bind(__nccwpck_require__, 22454));
                return new IndexTarget({
                    target,
                    index,
                    username: options.username ?? '__token__',
                    password: settings.password,
                    skipExisting,
                    idToken: options.idToken,
                    setSecret: options.setSecret ?? (() => { }),
                    logger,
                    retry: options.retry,
                    verifyTimeoutMs: options.verifyTimeoutMs,
                    credentialsNeeded: options.credentialsNeeded,
                    deadline: this.deadline,
                    attestation: filename => this.attestations.get(filename),
                    attests: options.attestations !== undefined,
                    provenanceTrust,
                    judge: artifacts => this.judgeOnce(artifacts, target),
                    origin: options.origin?.origin,
                    serverUrl: options.serverUrl,
                    thisRun: options.attestations
                        ? { serverUrl: options.attestations.serverUrl, repository: options.attestations.repository, workflowRef: options.attestations.workflowRef }
                        : undefined
                });
            });
        };
        this.makers = {
            [types/* DistributionTarget */.Us.LOCAL]: () => new local/* LocalTarget */.vn(options.localDir, skipExisting, options.origin),
            [types/* DistributionTarget */.Us.PYPI]: () => index(types/* DistributionTarget */.Us.PYPI),
            [types/* DistributionTarget */.Us.TEST_PYPI]: () => index(types/* DistributionTarget */.Us.TEST_PYPI),
            [types/* DistributionTarget */.Us.GITHUB]: () => {
                const github = options.github;
                if (!github)
                    throw new Error("no settings for target 'github'");
                return loadedOnUse(async () => {
                    const { GitHubTarget } = await __nccwpck_require__.e(/* import() */ 520).then(__nccwpck_require__.bind(__nccwpck_require__, 39520));
                    return new GitHubTarget({
                        ...github,
                        origin: options.origin,
                        logger,
                        retry: options.retry,
                        deadline: this.deadline,
                        // files another run built get no build provenance (attestations.ts says why): nothing to ask GitHub about either
                        provenance: options.attestations && !options.attestations.builtElsewhere ? name => this.provenance.get(name) : undefined
                    });
                });
            }
        };
    }
    /**
     * PyPI's rules judged once per run: the first index target reports every breach; the second says only that the
     * same files break the same rules, so each breach is one annotation.
     */
    async judgeOnce(artifacts, target) {
        const first = this.judgement === undefined;
        this.judgement ??= Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(604)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4604)).then(rules => rules.judgeForIndex(artifacts, { indexName: 'PyPI', python: this.options.python }));
        const judged = await this.judgement;
        if (first)
            return judged;
        if (judged.errors.length === 0)
            return { errors: [], warnings: [] };
        return {
            errors: [
                {
                    level: 'error',
                    title: `${target}: not ready`,
                    message: `${target} runs PyPI's upload code too: the same ${judged.errors.length} breaches of its rules (the errors above) stop it.`
                }
            ],
            warnings: []
        };
    }
    /** The target's one instance: a double handed in, else made from the options the first time it is asked for. */
    target(target) {
        let found = this.made.get(target);
        if (!found) {
            found = this.options.targets?.[target] ?? this.makers[target]();
            this.made.set(target, found);
        }
        return found;
    }
    async preflight(target, artifacts) {
        // A run that may sign loads Sigstore's client while the targets answer their preflight requests, not after
        if (this.options.attestations && target !== types/* DistributionTarget */.Us.LOCAL)
            this.signer();
        return this.target(target).preflight(artifacts);
    }
    /** The signing module (Sigstore's client is large: loaded only by a run that may sign, once). */
    signer() {
        if (!this.signerModule) {
            this.signerModule = Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(463), __nccwpck_require__.e(179), __nccwpck_require__.e(905)]).then(__nccwpck_require__.bind(__nccwpck_require__, 42905));
            this.signerModule.catch(() => { }); // a failed load is reported by attest(), which awaits it
        }
        return this.signerModule;
    }
    /**
     * Called once, after every preflight passed and before the first publish: signs one PEP 740 attestation
     * per file that an index target will upload with trusted publishing, for all of them, and the build
     * provenance of each distribution file the github target will upload. Throws SigningError
     * when signing fails, so that nothing is published.
     */
    async attest(preflights) {
        const settings = this.options.attestations;
        if (!settings)
            return undefined;
        // Only an index or a GitHub Release target carries attestations: a run publishing to a directory alone
        // signs nothing, so it never loads Sigstore's client (about 0.2 s of a local release, bench:pipeline).
        if (!preflights.some(preflight => preflight.ready && preflight.target !== types/* DistributionTarget */.Us.LOCAL))
            return undefined;
        const usesToken = (target) => (target === types/* DistributionTarget */.Us.PYPI || target === types/* DistributionTarget */.Us.TEST_PYPI) && (this.options[target]?.password ?? '') !== '';
        // Sigstore's client is large: loaded only by a run that signs (the bundle's start-up never compiles it)
        const { signIndexAttestations } = await this.signer();
        const outcome = await signIndexAttestations(preflights, usesToken, settings, this.options.idToken, this.options.logger ?? types/* silentLogger */.qq);
        for (const [filename, attestation] of outcome.attestations)
            this.attestations.set(filename, attestation);
        if (outcome.attestations.size > 0)
            void this.verifyAhead(preflights);
        for (const [asset, bundle] of outcome.provenance ?? [])
            this.provenance.set(asset, bundle);
        return outcome;
    }
    /** Starts verifying the signed attestations for the read-back while the uploads run (provenance.ts verifyAhead); never throws. */
    async verifyAhead(preflights) {
        try {
            const digests = new Map(preflights.flatMap(p => p.files.map(f => [f.artifact.filename, f.artifact.sha256])));
            const files = [...this.attestations].flatMap(([filename, attestation]) => {
                const sha256 = digests.get(filename);
                return sha256 ? [{ filename, sha256, attestation }] : [];
            });
            const [module, trust] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(40), __nccwpck_require__.e(463), __nccwpck_require__.e(187), __nccwpck_require__.e(633)]).then(__nccwpck_require__.bind(__nccwpck_require__, 33633)), this.provenanceTrust()]);
            await module.verifyAhead(trust, files);
        }
        catch {
            // the read-back verifies whatever is not done here, and reports what fails
        }
    }
    async publish(preflight) {
        if (!preflight.ready) {
            return { target: preflight.target, status: 'failed', url: '', message: 'preflight did not pass', files: [], uploaded: [], skipped: [] };
        }
        this.deadline.start();
        if (this.deadline.expired()) {
            const message = `not started: ${this.deadline.describe()} ran out while publishing the targets before it; nothing was sent to ${preflight.target}, and a re-run publishes it.`;
            return { target: preflight.target, status: 'failed', url: '', message, files: [], uploaded: [], skipped: [] };
        }
        return this.target(preflight.target).publish(preflight);
    }
    /**
     * Called once every target has published: a GitHub Release drafted by publish() is published now, so
     * it never shows while another target's files are missing. Returns the results, each finalized by its target.
     */
    async finalize(results) {
        return Promise.all(results.map(result => this.made.get(result.target)?.finalize(result) ?? result));
    }
    /** Called when publish does not run (a dry run, a preflight that failed): a draft this run created is deleted. */
    async abandon() {
        await Promise.all([...this.made.values()].map(target => target.abandon()));
    }
}

// EXTERNAL MODULE: ./src/publish/origin.ts
var publish_origin = __nccwpck_require__(23109);
;// CONCATENATED MODULE: ./src/publish/stage.ts








/**
 * The order targets publish in, whatever 'targets' says: the local directory (private), TestPyPI before PyPI (a
 * refusal there stops the release before the public index), and the GitHub Release last (its draft goes public
 * only once every index has the files).
 */
const PUBLISH_ORDER = [
    types/* DistributionTarget */.Us.LOCAL,
    types/* DistributionTarget */.Us.TEST_PYPI,
    types/* DistributionTarget */.Us.PYPI,
    types/* DistributionTarget */.Us.GITHUB
];
/** After a failure: exactly which files are out on which target, and which targets got nothing. */
function whereFilesAre(published, preflights) {
    const lines = published.map(result => {
        const out = result.status === 'failed' ? result.uploaded : result.files;
        const all = Math.max(preflights.find(p => p.target === result.target)?.files.length ?? 0, out.length);
        if (out.length === 0)
            return `${result.target}: nothing`;
        return `${result.target}: ${out.length} of ${all} file${all === 1 ? '' : 's'} (${out.join(', ')})`;
    });
    const untouched = preflights.filter(p => !published.some(r => r.target === p.target)).map(p => `${p.target}: nothing (not started)`);
    return `\nWhere the files are now: ${[...lines, ...untouched].join('; ')}. A re-run keeps what is published and completes the rest.`;
}
/** Whether a RECORD mismatch is only a warning for this target: PyPI's targets take such a wheel unless strict-record. */
function lenientOnRecord(target, strictRecord) {
    return !strictRecord && (target === types/* DistributionTarget */.Us.PYPI || target === types/* DistributionTarget */.Us.TEST_PYPI);
}
/** The preflight, not ready: a wheel whose files do not match its RECORD is not published to this target. */
function refuseOnRecord(preflight, record, strictRecord) {
    const why = strictRecord ? 'strict-record is true' : `the ${preflight.target} target publishes only wheels whose files match their RECORD`;
    const message = `${record.join('; ')} (${why}; rebuild the wheel, or repair it with 'wheel pack' after unpacking)`;
    return {
        ...preflight,
        ready: false,
        message: preflight.ready ? message : `${preflight.message}; ${message}`,
        files: [],
        annotations: [...preflight.annotations, { level: 'error', title: `${preflight.target}: wheel does not match its RECORD`, message }]
    };
}
function isPullRequest(env) {
    return env.eventName !== undefined && src_env/* PULL_REQUEST_EVENTS */.m_.has(env.eventName);
}
async function distributionOptions(inputs, env, hooks, release) {
    const pullRequest = isPullRequest(env);
    // a pull request or a dry run preflights only: nothing is written, and nothing is signed
    const mayWrite = !pullRequest && !inputs.dryRun;
    const version = release.version ?? '';
    const tag = inputs.releaseTag ?? (0,pep440/* tagFromRef */.q)(env.ref) ?? `${inputs.tagPrefix}${version}`;
    // This release's repository and commit: a file a target holds whose recorded origin names them is kept (origin.ts)
    const origin = await (0,publish_origin/* releaseOrigin */.Q9)(env, { received: release.received === true, commit: release.commit }, inputs.projectDir);
    return {
        localDir: inputs.localDir,
        origin: origin && {
            origin,
            // the local target's record: the release manifest a build job writes, its source set to the origin
            manifest: artifacts => (0,build_manifest/* releaseManifest */.Xo)({
                project: artifacts[0]?.metadata.name ?? '',
                version: version || (artifacts[0]?.metadata.version ?? ''),
                certification: release.certification,
                artifacts,
                env: { ...env, repository: origin.repository ?? undefined, sha: origin.sha },
                frontend: release.frontend ?? 'build',
                python: inputs.python,
                artifact: undefined
            })
        },
        serverUrl: env.serverUrl,
        sigstoreEnv: env.sigstore,
        pypi: { uploadUrl: inputs.repositoryUrl, indexUrl: inputs.indexUrl, password: inputs.password },
        testpypi: { uploadUrl: inputs.testpypiRepositoryUrl, password: inputs.testpypiPassword },
        username: inputs.username,
        skipExisting: inputs.skipExisting,
        attestations: inputs.attestations && mayWrite
            ? {
                sigstoreEnv: env.sigstore,
                serverUrl: env.serverUrl,
                repositoryVisibility: env.repositoryVisibility,
                builtElsewhere: release.builtElsewhere,
                repository: env.repository,
                workflowRef: env.workflowRef
            }
            : undefined,
        idToken: hooks.idToken,
        setSecret: hooks.setSecret,
        python: inputs.python,
        logger: hooks.logger,
        credentialsNeeded: !pullRequest,
        publishTimeoutMs: inputs.publishTimeout * 60_000,
        github: inputs.targets.includes(types/* DistributionTarget */.Us.GITHUB)
            ? {
                token: inputs.githubToken,
                apiUrl: env.apiUrl,
                repository: env.repository,
                commit: release.commit ?? env.sha ?? (await (0,git/* headCommit */.Qo)(inputs.projectDir)),
                tag,
                name: inputs.releaseName ?? tag,
                notes: inputs.releaseNotes ?? release.certification?.releaseNotes,
                keepDraft: inputs.releaseDraft,
                prerelease: inputs.prerelease ?? (0,pep440/* parseVersion */.ot)(version)?.isPrerelease ?? false,
                makeLatest: inputs.makeLatest,
                overwriteAssets: inputs.overwriteAssets,
                concurrency: inputs.uploadConcurrency,
                version,
                tagPrefix: inputs.tagPrefix,
                // A pull request or a dry run changes nothing on GitHub.
                mayWrite
            }
            : undefined
    };
}
/**
 * The targets of one release, from preflight to publish. What each target returned is kept here as it
 * comes, so that a stage stopped by an unexpected error still reports the targets it reached (and a
 * target that published is never followed by the cleanup of its draft).
 */
class PublishStage {
    inputs;
    env;
    hooks;
    distribution;
    preflights = [];
    published = [];
    constructor(inputs, env, hooks, distribution) {
        this.inputs = inputs;
        this.env = env;
        this.hooks = hooks;
        this.distribution = distribution;
    }
    static async open(inputs, env, hooks, release) {
        const options = await distributionOptions(inputs, env, hooks, release);
        return new PublishStage(inputs, env, hooks, hooks.distribution ? hooks.distribution(options) : new DistributionManager(options));
    }
    /** Every target's preflight, one after the other; publish starts only after all of them. */
    async preflight(artifacts) {
        const record = artifacts.flatMap(artifact => artifact.contents?.record ?? []);
        const annotations = record.length > 0 && this.inputs.targets.some(target => lenientOnRecord(target, this.inputs.strictRecord))
            ? record.map(message => ({
                level: 'warning',
                title: 'Wheel does not match its RECORD',
                message: `${message}. PyPI takes it (it e-mails the owners); set strict-record: true to stop such a release.`
            }))
            : [];
        for (const target of this.inputs.targets) {
            let preflight = await this.distribution.preflight(target, artifacts);
            if (record.length > 0 && !lenientOnRecord(target, this.inputs.strictRecord))
                preflight = refuseOnRecord(preflight, record, this.inputs.strictRecord);
            this.preflights.push(preflight);
            this.hooks.logger.info(`${target}: ${preflight.ready ? 'ready' : 'not ready'} — ${preflight.message}`);
        }
        const notReady = this.preflights.filter(p => !p.ready).map(p => p.target);
        if (notReady.length > 0)
            return { status: 'failed', message: `not ready: ${notReady.join(', ')}`, annotations };
        return { status: 'ok', message: `ready: ${this.inputs.targets.join(', ')}`, annotations };
    }
    /** Why publish does not run although its stage was asked for (a dry run, a pull request); undefined when it runs. */
    skipped() {
        const reason = this.inputs.dryRun
            ? 'dry-run is true: preflight ran, nothing was published'
            : isPullRequest(this.env)
                ? `this run is for a ${this.env.eventName} event: the release was certified and built, and nothing is published from a pull request`
                : undefined;
        return reason ? { status: 'skipped', message: reason, annotations: [{ level: 'notice', title: 'Publish skipped', message: reason }] } : undefined;
    }
    /**
     * Publishes every target that passed preflight, in PUBLISH_ORDER whatever order 'targets' gives; a failure stops
     * the rest, says which files are out where, and a re-run completes them.
     */
    async publish() {
        const failed = (published) => {
            const message = `${published.target} failed: ${published.message}${whereFilesAre(this.published, this.preflights)}`;
            return { status: 'failed', message, annotations: [{ level: 'error', title: `Publish to ${published.target} failed`, message }] };
        };
        // Signed once for every index target, before the first upload to any: a signing failure publishes nothing.
        let attested;
        try {
            attested = await this.distribution.attest?.(this.preflights);
        }
        catch (error) {
            const message = `${(0,errors/* describeError */.U)(error)}; nothing was published to any target`;
            return { status: 'failed', message, annotations: [{ level: 'error', title: 'Signing the attestations failed', message }] };
        }
        const notices = attested?.annotations ?? [];
        const withProvenance = (report) => ({
            ...report,
            message: attested?.summary ? `${report.message}; ${attested.summary}` : report.message,
            annotations: [...notices, ...this.published.flatMap(p => p.annotations ?? []), ...report.annotations]
        });
        const ordered = [...this.preflights].sort((a, b) => PUBLISH_ORDER.indexOf(a.target) - PUBLISH_ORDER.indexOf(b.target));
        for (const preflight of ordered) {
            const published = await this.distribution.publish(preflight);
            this.published.push(published);
            this.hooks.logger.info(`${published.target}: ${published.status} — ${published.message}`);
            if (published.status === 'failed')
                return withProvenance(failed(published));
        }
        // Every target published: a drafted GitHub Release goes public now, and only now.
        this.published = await this.distribution.finalize(this.published);
        const unfinished = this.published.find(p => p.status === 'failed');
        if (unfinished)
            return withProvenance(failed(unfinished));
        return withProvenance({ status: 'ok', message: this.published.map(p => `${p.target}: ${p.status}`).join(', '), annotations: [] });
    }
    /** When nothing was published, a draft this run created is removed; failing to is worth a warning, not a crash. */
    async abandonUnpublished() {
        if (this.published.length > 0)
            return [];
        try {
            await this.distribution.abandon();
            return [];
        }
        catch (error) {
            return [{ level: 'warning', title: 'Cleanup failed', message: `A draft this run created could not be removed: ${(0,errors/* describeError */.U)(error)}` }];
        }
    }
}

;// CONCATENATED MODULE: ./src/report/annotations.ts

const LEVELS = ['error', 'warning', 'notice'];
/** A failed or warning check always shows in the annotations, with its own message when it has no finer ones. */
function checkAnnotations(check) {
    const level = check.status === 'fail' ? 'error' : check.status === 'warn' ? 'warning' : undefined;
    if (level === undefined || check.annotations.some(annotation => annotation.level === level))
        return check.annotations;
    const title = `Certification check '${check.name}' ${check.status === 'fail' ? 'failed' : 'passed with a warning'}`;
    return [{ level, title, message: check.message }, ...check.annotations];
}
function collectAnnotations(result) {
    const staged = [
        ...(result.certification?.checks ?? []).flatMap(check => checkAnnotations(check).map(annotation => ({ ...annotation, stage: 'certify' }))),
        ...(result.build?.annotations ?? []).map(annotation => ({ ...annotation, stage: 'build' })),
        ...result.preflights.flatMap(p => p.annotations.map(annotation => ({ ...annotation, stage: 'preflight' }))),
        ...result.annotations
    ];
    const rank = (a) => LEVELS.indexOf(a.level) * STAGES.length + STAGES.indexOf(a.stage);
    return staged
        .map((annotation, index) => ({ annotation, index }))
        .sort((a, b) => rank(a.annotation) - rank(b.annotation) || a.index - b.index)
        .map(({ annotation: { stage: _stage, ...annotation } }) => annotation);
}
/** GitHub shows this many annotations of each type per step; the rest are dropped silently. */
const GITHUB_ANNOTATIONS_PER_TYPE = 10;
/**
 * The annotations worth GitHub's few slots: per level, one per file (or title) first, in the
 * order given, then the repeats; the last one shown says how many more there are. `rest`
 * goes to the log, so nothing is lost.
 */
function selectForGitHub(annotations, perType = GITHUB_ANNOTATIONS_PER_TYPE) {
    const shown = [];
    const rest = [];
    for (const level of LEVELS) {
        const ofLevel = annotations.filter(a => a.level === level);
        const seen = new Set();
        const first = [];
        const repeats = [];
        for (const annotation of ofLevel) {
            const key = annotation.file ?? `title:${annotation.title ?? annotation.message}`;
            (seen.has(key) ? repeats : first).push(annotation);
            seen.add(key);
        }
        const ordered = [...first, ...repeats];
        const kept = ordered.slice(0, perType);
        const dropped = ordered.slice(perType);
        if (dropped.length > 0) {
            const last = kept[kept.length - 1];
            kept[kept.length - 1] = {
                ...last,
                message: `${last.message}\n\n(${dropped.length} more ${level === 'error' ? 'errors' : level + 's'} are in the log and the job summary: GitHub shows ${perType} per type per step)`
            };
        }
        shown.push(...kept);
        rest.push(...dropped);
    }
    return { shown, rest };
}

;// CONCATENATED MODULE: ./src/report/markdown.ts
// Outside text in GitHub-flavoured Markdown: what a project, a report or a manifest says (a module path such
// as `tern_codec/__init__.py`, a test's message `**x**`, a job name `<script>`) is shown as written, never as
// markup. Two ways in, one per kind of text: names and paths go in code spans (read as they are, copied as they
// are), prose is backslash-escaped. Every writer of the job summary and the check run uses these two.
/**
 * Prose, shown as written: every character that starts inline markup is backslash-escaped (CommonMark lets any
 * ASCII punctuation be escaped, and GitHub's renderer honours it), so `__init__` stays underscores, `<script>` stays
 * text, `&lt;` stays five characters and `|` does not end a table cell. A character that would start a block (a
 * heading, a list, a quote) is escaped at the start only. Line breaks become spaces: callers put prose inside a line
 * of their own (a list item, a table cell), which a line break would end. `midLine`: the text follows other text on its
 * line or fills a table cell, where no block starts, so the start needs no escape (a version reads `1.0.0`, not `1\.0.0`).
 */
function markdownText(text, options = {}) {
    const line = text.replace(/\r?\n|\r/g, ' ');
    // inline: emphasis (* _ ~), code (`), links and images ([ ]: with `[` escaped, `!` starts no image), HTML and
    // autolinks (< >), entities (&), tables (|), math ($, rendered by GitHub), and the backslash itself
    const inline = line.replace(/[\\`*_~[\]<>&|$]/g, '\\$&');
    if (options.midLine)
        return inline;
    // block: # heading, - + list, > quote (already escaped above), = setext, 1. or 1) ordered list
    return inline.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
/**
 * A code span that shows `text` exactly: delimited by one more backtick than the longest run of backticks inside,
 * and padded with a space when the text starts or ends with a backtick or a space (CommonMark strips one space
 * from each side of a padded span). Line breaks become spaces, as they would in any code span.
 * In a table cell, `|` is escaped (`\|`): GFM splits cells before it reads code spans.
 */
function markdownCode(text, options = {}) {
    let content = text.replace(/\r?\n|\r/g, ' ');
    if (content === '')
        return '';
    if (options.inTable)
        content = content.replace(/\|/g, '\\|');
    const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(longest + 1);
    const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : '';
    return `${fence}${pad}${content}${pad}${fence}`;
}
/**
 * A fenced code block holding `text` as written: the fence is longer than any run of backticks in the text, so no
 * line of it can close the block early.
 */
function markdownBlock(text) {
    const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(run => run.length));
    const fence = '`'.repeat(longest + 1);
    return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
/**
 * A link's destination as GFM reads it: only http(s) URLs (never `javascript:`), with the characters that would end
 * or break the destination (space, parentheses, angle brackets) percent-encoded. Undefined for anything else.
 */
function markdownUrl(url) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        return undefined;
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        return undefined;
    return parsed.href.replace(/[ ()<>]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/** A link whose text is Markdown already written by the caller (escaped prose or a code span); the text alone when the URL is not one to link. */
function markdownLink(label, url) {
    const href = url === undefined ? undefined : markdownUrl(url);
    return href ? `[${label}](${href})` : label;
}
/** A GFM table; every cell is Markdown already written with the functions above (code spans with inTable). */
function markdownTable(header, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
/**
 * Text inside an HTML block (`<details><summary>…</summary>`): GFM does not read Markdown there, so backslashes
 * would show; HTML entities are what keeps `<script>` text.
 */
function htmlText(text) {
    return text
        .replace(/\r?\n|\r/g, ' ')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// The job summary: "did it ship, and if not why" in the first screenful, then one section per stage that ran.
// Order, top to bottom: the outcome heading (mark, project, version, where it went or why not) and its links;
// the stages, each with its mark; the failing tests with file:line linked to the commit; the other failed
// checks; the full list of failures (collapsed); the certification table and each check's details (collapsed);
// the build (collapsed, short digests, the full ones in their own collapsed block); preflight; publish.
// Every piece of outside text goes through one Writer: absolute runner paths made relative, then escaped.


function formatSize(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    if (bytes < 1024 * 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
/** GitHub refuses a step summary over 1 MiB; we stay under it with room for the note that says what was cut. */
const SUMMARY_LIMIT = 1024 * 1024 - 4 * 1024;
/** Failing tests listed at the top; the rest are in the collapsed list below them and in the annotations. */
const TOP_FAILURES = 30;
/** Hex digits of a digest in a table: enough to tell files apart and compare by eye; the full digest is in a details block. */
const SHORT_DIGEST = 12;
/** A failure's message at the top: its first line, cut here (the annotation and the log have all of it). */
const MESSAGE_CHARS = 200;
const CHECK_MARK = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skip' };
const PUBLISH_MARK = { published: '✅ published', skipped: '✅ already there', failed: '❌ failed' };
const STAGE_MARK = { ok: '✅', failed: '❌', skipped: '⏭️', 'not-run': '➖' };
const TARGET_LINK = { pypi: 'PyPI', testpypi: 'TestPyPI', github: 'GitHub Release' };
/**
 * Outside text as the summary shows it: absolute paths of the runner made relative (the workspace's to the
 * repository root, RUNNER_TEMP's to `$RUNNER_TEMP/…`), then escaped by the one function for its kind.
 */
class Writer {
    env;
    roots;
    constructor(env) {
        this.env = env;
        const roots = [
            { root: env.workspace, as: '' },
            { root: env.runnerTemp, as: '$RUNNER_TEMP/' }
        ].flatMap(({ root, as }) => (root && root.replace(/[\\/]+$/, '').length > 1 ? [{ root: root.replace(/[\\/]+$/, ''), as }] : []));
        // the longer root first: one may hold the other (a workspace inside RUNNER_TEMP in a test, a container's layout)
        this.roots = roots.sort((a, b) => b.root.length - a.root.length);
    }
    /** `text` with the runner's absolute paths made relative. */
    relative(text) {
        let shown = text;
        for (const { root, as } of this.roots) {
            const quoted = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
            shown = shown.replace(new RegExp(`(?:file://)?${quoted}[\\\\/]`, 'g'), as);
            shown = shown.replace(new RegExp(`(?:file://)?${quoted}(?![\\w.-])`, 'g'), as === '' ? '.' : '$RUNNER_TEMP');
        }
        return shown;
    }
    /** Prose from outside (a message, a reason); `midLine` after other text on its line or in a table cell. */
    text(text, midLine = false) {
        return markdownText(this.relative(text), { midLine });
    }
    /** A name or a path from outside, in a code span. */
    code(text, inTable = false) {
        return markdownCode(this.relative(text), { inTable });
    }
    /** Text inside `<summary>`. */
    html(text) {
        return htmlText(this.relative(text));
    }
    /** The file at the commit, at the line: undefined without a repository and commit, or for a path outside the repository. */
    blobUrl(file, line) {
        const { repository, sha } = this.env;
        if (!repository || !sha || file.startsWith('/') || file.split('/').includes('..') || /^[a-zA-Z]:/.test(file))
            return undefined;
        const server = (this.env.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
        const path = file.split('/').map(encodeURIComponent).join('/');
        return `${server}/${repository}/blob/${sha}/${path}${line ? `#L${line}` : ''}`;
    }
    /** `file:line` in a code span, linked to the file at the commit when known. */
    location(annotation) {
        if (!annotation.file)
            return '';
        const label = this.code(annotation.line ? `${annotation.file}:${annotation.line}` : annotation.file);
        return markdownLink(label, this.blobUrl(annotation.file, annotation.line));
    }
}
/** The job summary, never longer than the limit in bytes: long lists are cut, with a note, to fit. */
function renderSummary(result, options = {}) {
    const limit = options.limit ?? SUMMARY_LIMIT;
    const w = new Writer(options.env ?? {});
    const head = renderHead(result, w);
    const tail = renderTail(result, w);
    const lists = (result.certification?.checks ?? []).flatMap(check => (check.list ? [{ check: check.name, list: check.list }] : []));
    let budget = limit - Buffer.byteLength(head) - Buffer.byteLength(tail) - 2;
    const sections = [];
    for (const { check, list } of lists) {
        const open = `<details><summary>${w.html(check)}: ${w.html(list.title)}</summary>\n\n`;
        const close = '\n\n</details>\n';
        const note = (more) => `\n- … and ${more} more, not listed (the job summary is limited to 1 MiB)`;
        budget -= Buffer.byteLength(open) + Buffer.byteLength(close) + Buffer.byteLength(note(list.items.length + list.more)) + 1;
        if (budget < 0)
            break;
        const items = [];
        for (const item of list.items) {
            const line = `- ${w.text(item)}\n`;
            const size = Buffer.byteLength(line);
            if (size > budget)
                break;
            budget -= size;
            items.push(line);
        }
        const more = list.items.length - items.length + list.more;
        sections.push(`${open}${items.join('').trimEnd()}${more > 0 ? note(more) : ''}${close}`);
    }
    return [head, ...sections, tail].filter(part => part !== '').join('\n');
}
/** The first screenful: the outcome, where it went, the stages, and what failed. */
function renderHead(result, w) {
    const parts = [`## ${outcomeLine(result, w)}`];
    const where = destinations(result, w);
    if (where.length > 0)
        parts.push(`Published to ${where.join(' · ')}`);
    if (!result.ok && result.stages.every(s => s.status === 'not-run')) {
        const error = result.annotations.find(a => a.level === 'error');
        const why = error ? `: ${w.text(error.title ? `${error.title}: ${error.message}` : error.message, true)}` : '.';
        parts.push(`❌ The release stopped before any stage ran${why}`);
    }
    if (result.stages.length > 0)
        parts.push(markdownTable(['Stage', 'Outcome'], result.stages.map(s => [
            `${STAGE_MARK[s.status]} ${s.stage}`,
            s.status === 'not-run' ? 'not run (an earlier stage failed)' : `${s.status}: ${w.text(s.message, true)}`
        ])));
    const checks = result.certification?.checks ?? [];
    const tests = failingTests(checks);
    if (tests.length > 0) {
        const total = checks.find(c => c.name === 'tests')?.metrics['failed'] ?? tests.length;
        const items = tests
            .slice(0, TOP_FAILURES)
            .map(a => `- ${[w.location(a), `${w.code(a.title ?? 'test')}:`, w.text(summary_firstLine(a.message), true)].filter(Boolean).join(' ')}`);
        const more = total - Math.min(tests.length, TOP_FAILURES);
        if (more > 0)
            items.push(`- … and ${more} more failing tests: the list below, the annotations and the log have them all`);
        parts.push(`### ❌ Failing tests (${total})\n\n${items.join('\n')}`);
    }
    const failed = checks.filter(c => c.status === 'fail' && !(c.name === 'tests' && tests.length > 0));
    if (failed.length > 0) {
        const items = failed.map(c => {
            const found = c.annotations.filter(a => a.level === 'error').slice(0, 5);
            const nested = found.map(a => `  - ${[w.location(a), a.title ? `${w.text(a.title, true)}:` : '', w.text(summary_firstLine(a.message), true)].filter(Boolean).join(' ')}`);
            return [`- ${w.code(c.name)}: ${w.text(c.message, true)}`, ...nested].join('\n');
        });
        parts.push(`### ❌ Failed checks\n\n${items.join('\n')}`);
    }
    return `${parts.join('\n\n')}\n`;
}
/** The details: certification, build, preflight, publish. */
function renderTail(result, w) {
    const parts = [];
    const certification = result.certification;
    if (certification) {
        const mark = certification.status === 'PASS' ? '✅' : certification.status === 'FAIL' ? '❌' : '⚠️';
        parts.push(`### ${mark} Certification: ${certification.status}`);
        parts.push(markdownTable(['Check', 'Status', 'Result'], 
        // check names are this action's own (tests, coverage, …): plain words
        certification.checks.map(c => [w.text(c.name, true), CHECK_MARK[c.status], w.text(c.message, true)])));
        for (const check of certification.checks.filter(c => c.details.length > 0)) {
            parts.push(`<details><summary>${w.html(check.name)}</summary>\n\n${check.details.map(d => `- ${w.text(d)}`).join('\n')}\n\n</details>`);
        }
    }
    if (result.build)
        parts.push(...renderBuild(result, w));
    if (result.preflights.length > 0) {
        parts.push('### Preflight');
        parts.push(markdownTable(['Target', 'Ready', 'Result'], result.preflights.map(p => [p.target, p.ready ? '✅ ready' : '❌ not ready', w.text(p.message, true)])));
    }
    if (result.published.length > 0) {
        parts.push('### Publish');
        parts.push(markdownTable(['Target', 'Status', 'Where', 'Files'], result.published.map(p => [
            p.target,
            PUBLISH_MARK[p.status],
            [place(p, w, true), p.message ? w.text(p.message, true) : '', provenanceCell(p, w)].filter(Boolean).join('; '),
            p.files.map(file => (p.skipped.includes(file) ? `${w.code(file, true)} (already there)` : w.code(file, true))).join(', ')
        ])));
    }
    return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}
/** The build, collapsed: short digests in the table, the full ones in their own block (as in SHA256SUMS). */
function renderBuild(result, w) {
    const build = result.build;
    const formats = ['sdist', 'wheel'].flatMap(format => {
        const count = build.artifacts.filter(a => a.format === format).length;
        return count > 0 ? [`${count} ${format}${count > 1 ? 's' : ''}`] : [];
    });
    const from = build.received ? `, received from ${build.received}` : '';
    const rows = build.artifacts.map(a => [
        w.code(a.filename, true),
        a.format,
        formatSize(a.size),
        String(a.contents?.files ?? ''),
        (a.contents?.largest ?? []).map(file => `${w.code(file.name, true)} (${formatSize(file.size)})`).join(', '),
        markdownCode(shortDigest(a.sha256), { inTable: true })
    ]);
    const body = [markdownTable(['File', 'Format', 'Size', 'Files', 'Largest files', 'SHA-256'], rows)];
    if (result.artifact) {
        const { name, id, size, replaced } = result.artifact;
        body.push(`Artifact **${w.text(name, true)}** (id ${id}, ${formatSize(size)}): the files above and their release manifest` +
            (replaced ? `; it replaces artifact ${replaced} from an earlier attempt of this job.` : '.'));
    }
    const sums = build.artifacts.map(a => `${a.sha256}  ${w.relative(a.filename)}`).join('\n');
    return [
        `### Build\n\n<details><summary>${w.html(`${build.artifacts.length} file${build.artifacts.length === 1 ? '' : 's'} (${formats.join(', ') || 'none'})${from}`)}</summary>\n\n${body.join('\n\n')}\n\n</details>`,
        `<details><summary>SHA-256 digests (the format of SHA256SUMS)</summary>\n\n${markdownBlock(sums)}\n\n</details>`
    ];
}
/** The first line of the outcome: its mark, the project and version, and where it went or why not. */
function outcomeLine(result, w) {
    const who = [result.projectName ? w.code(result.projectName) : 'the project', result.version ? w.text(result.version, true) : ''].filter(Boolean).join(' ');
    const reached = result.published.filter(p => p.status !== 'failed').map(p => p.target);
    const failed = result.stages.find(s => s.status === 'failed');
    if (!result.ok && result.stages.length > 0 && result.stages.every(s => s.status === 'not-run')) {
        const error = result.annotations.find(a => a.level === 'error');
        return `❌ ${who} not released: stopped before any stage ran${error?.title ? ` (${w.text(error.title, true)})` : ''}`;
    }
    if (failed || !result.ok) {
        const why = failed ? failureReason(failed, result, w) : 'the release failed';
        return reached.length > 0 ? `❌ ${who} partly released (to ${reached.join(', ')}): ${why}` : `❌ ${who} not released: ${why}`;
    }
    if (reached.length > 0)
        return `✅ Released ${who} to ${reached.join(', ')}`;
    const skipped = result.stages.find(s => s.status === 'skipped');
    if (skipped)
        return `⏭️ ${who} not published: ${skipped.stage} skipped (${w.text(summary_cut(skipped.message), true)})`;
    const ran = result.stages.filter(s => s.status === 'ok').map(s => s.stage);
    return `✅ ${who} passed ${ran.join(', ') || 'every stage'}; nothing to publish in this job`;
}
/** Why a stage failed, in a few words: the failed checks (with the failing tests' count) or the stage's own message. */
function failureReason(stage, result, w) {
    if (stage.stage === 'certify' && result.certification) {
        const failed = result.certification.checks
            .filter(c => c.status === 'fail')
            .map(c => (c.name === 'tests' && (c.metrics['failed'] ?? 0) > 0 ? `tests: ${c.metrics['failed']} failed` : c.name));
        if (failed.length > 0)
            return `certification failed (${w.text(failed.join(', '), true)})`;
    }
    return `${stage.stage} failed${stage.message ? ` (${w.text(summary_cut(stage.message), true)})` : ''}`;
}
/** The failing tests with their place: the tests check's errors (a failing check), other than an unreadable report. */
function failingTests(checks) {
    const tests = checks.find(c => c.name === 'tests' && c.status === 'fail');
    return (tests?.annotations ?? []).filter(a => a.level === 'error' && a.title !== undefined && a.title !== 'Unreadable JUnit report');
}
/** Where each target that holds the release is: links to the release pages, the local directory as a path. */
function destinations(result, w) {
    return result.published
        .filter(p => p.status !== 'failed')
        .flatMap(p => {
        const where = place(p, w, false);
        return where ? [`${p.target}: ${where}`] : [];
    });
}
/** A target's place: a link to its page (PyPI's release page, the GitHub Release), or the local directory relative to the workspace. */
function place(p, w, inTable) {
    if (!p.url)
        return '';
    if (p.url.startsWith('file:')) {
        let path = p.url;
        try {
            path = (0,external_node_url_.fileURLToPath)(p.url);
        }
        catch {
            // shown as given
        }
        return w.code(path, inTable);
    }
    const href = markdownUrl(p.url);
    if (!href)
        return w.text(p.url, true);
    return markdownLink(TARGET_LINK[p.target] ? markdownText(TARGET_LINK[p.target]) : w.code(p.url, inTable), href);
}
/** The github row's build provenance: a link per stored attestation, or why there is none. */
function provenanceCell(p, w) {
    if (!p.provenance)
        return '';
    const links = (p.attestations ?? []).map(a => markdownLink(w.code(a.asset, true), a.url));
    return links.length > 0 ? `${w.text(p.provenance, true)}: ${links.join(', ')}` : w.text(p.provenance, true);
}
function shortDigest(hex) {
    return /^[0-9a-f]{64}$/i.test(hex) ? `${hex.slice(0, SHORT_DIGEST)}…` : hex;
}
function summary_firstLine(message) {
    return summary_cut(message.split(/\r?\n/).find(line => line.trim() !== '') ?? '');
}
function summary_cut(text, chars = MESSAGE_CHARS) {
    return text.length > chars ? `${text.slice(0, chars - 1)}…` : text;
}

;// CONCATENATED MODULE: ./src/report/check-run.ts




const CHECK_RUN_NAME = 'release certification';
/** GitHub's limits: annotations per request, characters of output.summary and output.text, of a title. */
const ANNOTATIONS_PER_REQUEST = 50;
const OUTPUT_LIMIT = 65_535;
const TITLE_LIMIT = 255;
const MESSAGE_LIMIT = 64 * 1024;
const check_run_LEVELS = { error: 'failure', warning: 'warning', notice: 'notice' };
const CONCLUSIONS = { [types/* CertificationStatus */.ZZ.PASS]: 'success', [types/* CertificationStatus */.ZZ.PARTIAL]: 'neutral', [types/* CertificationStatus */.ZZ.FAIL]: 'failure' };
/** Text cut to `limit` characters, saying so at the end. */
function check_run_cut(text, limit, what) {
    if (text.length <= limit)
        return text;
    const note = `\n\n… (${what} cut to GitHub's limit of ${limit} characters)`;
    return text.slice(0, limit - note.length) + note;
}
/** An annotation as the Checks API takes it: a file and line are required, so annotations without one go in the text. */
function checkAnnotation(annotation) {
    return {
        path: annotation.file,
        start_line: annotation.line ?? 1,
        end_line: annotation.line ?? 1,
        annotation_level: check_run_LEVELS[annotation.level],
        message: check_run_cut(annotation.message, MESSAGE_LIMIT, 'message'),
        ...(annotation.title ? { title: annotation.title.slice(0, TITLE_LIMIT) } : {})
    };
}
async function createCheckRun(request) {
    const [owner, repo] = request.repository.split('/');
    const located = request.annotations.filter((a) => a.file !== undefined);
    const unlocated = request.annotations.filter(a => a.file === undefined);
    const text = unlocated.map(a => `- **${a.level}**${a.title ? ` ${a.title}` : ''}: ${a.message}`).join('\n');
    const batches = [];
    for (let start = 0; start < located.length; start += ANNOTATIONS_PER_REQUEST) {
        batches.push(located.slice(start, start + ANNOTATIONS_PER_REQUEST).map(checkAnnotation));
    }
    const output = {
        title: `Certification ${request.status}`,
        summary: check_run_cut(request.summary, OUTPUT_LIMIT, 'summary'),
        ...(text ? { text: check_run_cut(`Findings without a file:\n\n${text}`, OUTPUT_LIMIT, 'text') } : {})
    };
    const octokit = await request.client();
    let id;
    let url;
    try {
        const created = await octokit.rest.checks.create({
            owner,
            repo,
            name: CHECK_RUN_NAME,
            head_sha: request.headSha,
            status: 'completed',
            conclusion: CONCLUSIONS[request.status],
            completed_at: new Date().toISOString(),
            output: { ...output, annotations: (batches[0] ?? []) }
        });
        id = created.data.id;
        url = created.data.html_url ?? '';
    }
    catch (error) {
        const status = error.status;
        if (status === 403 || status === 404) {
            return {
                notice: `The check run '${CHECK_RUN_NAME}' was not created: the token may not create check runs (HTTP ${status}). ` +
                    'Give the job `permissions: checks: write` to get every annotation on the commit; the workflow run shows 10 of each kind per step, and the rest are in the log.'
            };
        }
        throw error;
    }
    for (const batch of batches.slice(1)) {
        await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: { ...output, annotations: batch } });
    }
    request.logger.info(`check run '${CHECK_RUN_NAME}' (id ${id}) created on ${request.headSha} with ${located.length} annotations in ${Math.max(1, batches.length)} requests`);
    return { id, url, annotations: located.length };
}
/**
 * The certification as a check run on the commit, when there is a token, a repository and a commit.
 * Returns the check run, or the finding that says why there is none (undefined when none was asked for).
 */
async function reportCheckRun(report) {
    const { shown, status, token, env, logger } = report;
    const headSha = env.pullRequestHeadSha ?? env.sha;
    if (!status || !token || !env.repository || !headSha)
        return undefined;
    try {
        const outcome = await createCheckRun({
            client: async () => (await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(413), __nccwpck_require__.e(437)]).then(__nccwpck_require__.bind(__nccwpck_require__, 38437))).githubClient({ token, apiUrl: env.apiUrl, logger }),
            repository: env.repository,
            headSha,
            status,
            summary: renderSummary(shown, { limit: OUTPUT_LIMIT, env }),
            annotations: collectAnnotations(shown),
            logger
        });
        if ('notice' in outcome)
            return { annotation: { level: 'notice', title: 'Check run not created', message: outcome.notice } };
        return { checkRun: { id: outcome.id, url: outcome.url } };
    }
    catch (error) {
        const message = `The check run '${CHECK_RUN_NAME}' could not be created: ${(0,errors/* describeError */.U)(error)}. The annotations are on the workflow run and in the log.`;
        return { annotation: { level: 'warning', title: 'Check run failed', message } };
    }
}

;// CONCATENATED MODULE: ./src/pipeline.ts
// The release pipeline: certify → build → preflight → publish. The only place that knows the order;
// each stage's policy is in its folder (certify/stage.ts, build/stage.ts, publish/stage.ts), and the
// action (main.ts) and the command line (cli.ts) are thin shells around it.











const TITLES = {
    certify: 'Certify',
    build: 'Build',
    preflight: 'Preflight',
    publish: 'Publish'
};
async function runPipeline(inputs, env, hooks) {
    const { logger } = hooks;
    // The default 'python' is the interpreter this runner has (python3, else python, else py); a job that
    // receives other jobs' files runs no Python.
    if (!inputs.receive && inputs.python === INPUT_DEFAULTS.python && env.searchPath) {
        const found = findProgram(INTERPRETERS, env.searchPath);
        if (found === undefined && inputs.stages.includes('build'))
            throw new UsageError(noInterpreter(env.searchPath), 'python');
        if (found !== undefined && found !== inputs.python)
            logger.info(`input 'python' is not set and there is no python3 on PATH: using ${found}`);
        inputs = { ...inputs, python: found ?? inputs.python };
    }
    // A report glob reaching outside the workspace is a usage error too, before any stage runs.
    const outsidePattern = reportInputsProblem(inputs, { workspace: env.workspace });
    if (outsidePattern)
        throw new UsageError(outsidePattern.message, outsidePattern.input);
    // A job without build receives the files other jobs built: it needs no project here (no checkout).
    // An invalid pyproject.toml (or neither it nor setup.py) throws ProjectError: a usage error, before any stage runs.
    const project = inputs.receive ? undefined : await readProject(inputs.projectDir);
    let evidence = project && {
        input: inputs.version,
        ref: env.ref,
        tagPrefix: inputs.tagPrefix,
        project,
        projectVersionLine: project.version !== undefined ? await versionLine(project.pyprojectPath) : undefined,
        workspace: env.workspace
    };
    const result = {
        projectName: project?.name,
        version: evidence && checkVersion(evidence).releaseVersion,
        certification: undefined,
        build: undefined,
        artifact: undefined,
        preflights: [],
        published: [],
        // receiving the files takes the build stage's place, and its row in the report
        stages: [...(inputs.receive ? ['build'] : []), ...inputs.stages].map(stage => ({ stage, status: 'not-run', message: '' })),
        annotations: [],
        ok: true
    };
    const outcome = (stage, status, message) => {
        const entry = result.stages.find(s => s.stage === stage);
        if (entry)
            Object.assign(entry, { status, message });
        if (status === 'failed')
            result.ok = false;
    };
    const annotate = (stage, annotations) => {
        for (const annotation of annotations)
            result.annotations.push({ ...annotation, stage });
    };
    const record = (stage, report) => {
        annotate(stage, report.annotations);
        outcome(stage, report.status, report.message);
    };
    const runs = (stage) => result.ok && inputs.stages.includes(stage);
    /**
     * Runs a stage in its log group and records its report. An error no stage code expected (an unreadable
     * file, a defect) fails that stage with a message naming it, so the report is complete and nothing after
     * it runs; then there is no report (undefined).
     */
    const stage = async (name, title, fn) => {
        try {
            (0,trace/* trace */.u)(`${name} start`);
            const report = await hooks.group(title, fn);
            (0,trace/* trace */.u)(`${name} end`);
            record(name, report);
            return report;
        }
        catch (error) {
            logger.debug(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            const message = (0,errors/* describeError */.U)(error);
            annotate(name, [{ level: 'error', title: `${TITLES[name]} failed`, message: `${TITLES[name]} stopped on an unexpected error: ${message}` }]);
            outcome(name, 'failed', `unexpected error: ${message}`);
            return undefined;
        }
    };
    // With certify, the build starts now and runs alongside it (build/stage.ts says when it may). Certify's
    // file walks and subprocesses would hold back the build's own few steps before its command
    // (bench:pipeline): certify starts once the build's command is under way, or after 50 ms at most.
    const earlyBuild = runs('certify') ? startEarlyBuild(inputs, env, hooks) : undefined;
    if (earlyBuild)
        await earlyBuild.started;
    if (project && evidence && runs('certify')) {
        const known = evidence;
        const certified = await stage('certify', [TITLES.certify, project.name, result.version].filter(Boolean).join(' '), () => certifyStage(inputs, { evidence: known, workspace: env.workspace, logger }));
        if (certified) {
            result.certification = certified.certification;
            evidence = certified.evidence;
        }
    }
    if (project && evidence && runs('build')) {
        const built = await stage('build', `${TITLES.build} ${project.name ?? ''}`.trim(), () => buildStage(inputs, env, hooks, { project, evidence, certification: result.certification, early: earlyBuild }));
        if (built) {
            result.build = built.build;
            result.certification = built.certification;
            if (built.version !== undefined)
                result.version = built.version;
            // a project whose name only setup.py (or setup.cfg) gives: the built files name it
            result.projectName ??= built.build?.artifacts[0]?.metadata.name;
            result.artifact = built.artifact;
        }
    }
    // A failed certification: the build started alongside it ends unseen, as if it never ran.
    if (earlyBuild && !earlyBuild.taken)
        await earlyBuild.discard();
    let builtAt;
    let builtElsewhere;
    let frontend = result.build?.frontend;
    let receivedFiles = false;
    if (inputs.receive && (runs('preflight') || runs('publish'))) {
        // loaded by the job that receives (manifests, arrivals, globs), not at every run's start
        const received = await stage('build', `Receive ${inputs.receive.from === 'directory' ? inputs.receive.dir : inputs.receive.patterns.join(', ')}`, async () => (await __nccwpck_require__.e(/* import() */ 708).then(__nccwpck_require__.bind(__nccwpck_require__, 92708))).receiveStage(inputs, env, { logger, source: hooks.artifactSource }));
        if (received?.build) {
            result.build = received.build;
            result.projectName = received.project;
            result.version = received.version;
            // the GitHub Release tags the commit the files were built from (the manifests agree on it)
            builtAt = received.commit;
            builtElsewhere = received.builtElsewhere;
            frontend = received.manifests[0]?.manifest.builder.frontend;
            receivedFiles = true;
        }
    }
    const release = await PublishStage.open(inputs, env, hooks, {
        version: result.version,
        certification: result.certification,
        commit: builtAt,
        builtElsewhere,
        frontend,
        received: receivedFiles
    });
    // Every target's preflight finishes before any publish starts; publish without preflight runs it too.
    if (runs('preflight') || runs('publish')) {
        await stage('preflight', `${TITLES.preflight} ${inputs.targets.join(', ')}`, () => release.preflight(result.build?.artifacts ?? []));
        result.preflights = release.preflights;
    }
    if (runs('publish')) {
        const skipped = release.skipped();
        if (skipped)
            record('publish', skipped);
        else
            await stage('publish', `${TITLES.publish} ${inputs.targets.join(', ')}`, () => release.publish());
        result.published = release.published;
    }
    annotate('publish', await release.abandonUnpublished());
    const checkRun = await reportCheckRun({
        shown: hooks.redactor ? hooks.redactor.redactDeep(result) : result,
        status: result.certification?.status,
        token: inputs.githubToken,
        env,
        logger
    });
    if (checkRun && 'checkRun' in checkRun)
        result.checkRun = checkRun.checkRun;
    else if (checkRun)
        annotate('certify', [checkRun.annotation]);
    (0,trace/* trace */.u)('pipeline end');
    return result;
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
// The step outputs, computed from the run's result. action.yml declares every name here (a test checks).



const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'certification',
    'version',
    'artifacts',
    'published',
    'pass-rate',
    'coverage',
    'branch-coverage',
    'release-notes',
    'prerelease',
    'dist-dir',
    'artifact-id',
    'artifact-name',
    'release-url',
    'release-id',
    'check-run-id',
    'attestation-ids'
]));
/** A check's metric with two decimals; empty when the check was skipped or did not measure it. */
function metric(result, check, name) {
    const found = result.certification?.checks.find(c => c.name === check);
    const value = found && found.status !== 'skip' ? found.metrics[name] : undefined;
    return value === undefined ? '' : value.toFixed(2);
}
function buildOutputs(result, workspace) {
    const github = result.published.find(p => p.target === types/* DistributionTarget */.Us.GITHUB && p.status !== 'failed');
    return {
        certification: result.certification?.status ?? '',
        version: result.version ?? '',
        artifacts: JSON.stringify((result.build?.artifacts ?? []).map(a => ({
            path: relativePosix(workspace, a.path),
            filename: a.filename,
            format: a.format,
            size: a.size,
            sha256: a.sha256,
            md5: a.md5,
            blake2b_256: a.blake2b_256
        }))),
        published: JSON.stringify(result.published),
        'pass-rate': metric(result, 'tests', 'passRate'),
        coverage: metric(result, 'coverage', 'coverage'),
        'branch-coverage': metric(result, 'coverage', 'branchCoverage'),
        'release-notes': result.certification?.releaseNotes ?? '',
        prerelease: result.version === undefined ? '' : String((0,pep440/* parseVersion */.ot)(result.version)?.isPrerelease ?? false),
        'dist-dir': result.build && result.build.received === undefined ? result.build.outputDir : '',
        'artifact-id': result.artifact ? String(result.artifact.id) : '',
        'artifact-name': result.artifact?.name ?? '',
        'release-url': github?.url ?? '',
        'release-id': github?.releaseId === undefined ? '' : String(github.releaseId),
        'check-run-id': result.checkRun?.id === undefined ? '' : String(result.checkRun.id),
        'attestation-ids': JSON.stringify((github?.attestations ?? []).map(({ asset, id }) => ({ asset, id })))
    };
}

;// CONCATENATED MODULE: ./src/report/text.ts

function text_location(annotation) {
    if (!annotation.file)
        return '';
    return annotation.line ? `${annotation.file}:${annotation.line}: ` : `${annotation.file}: `;
}
function renderText(result, annotations) {
    const lines = [`Python release ${result.projectName ?? ''} ${result.version ?? ''}`.trimEnd(), ''];
    const certification = result.certification;
    if (certification) {
        lines.push(`Certification: ${certification.status}`);
        const width = Math.max(...certification.checks.map(c => c.name.length));
        for (const check of certification.checks) {
            lines.push(`  ${check.name.padEnd(width)}  ${check.status.padEnd(4)}  ${check.message}`);
            for (const detail of check.details)
                lines.push(`  ${' '.repeat(width)}        ${detail}`);
        }
        lines.push('');
    }
    if (result.build) {
        lines.push(`Build: ${result.build.artifacts.length} files in ${result.build.outputDir}`);
        for (const a of result.build.artifacts) {
            lines.push(`  ${a.filename}  ${a.format}  ${formatSize(a.size)}  sha256:${a.sha256}`);
        }
        lines.push('');
    }
    if (result.preflights.length > 0) {
        lines.push('Preflight:');
        for (const p of result.preflights)
            lines.push(`  ${p.target}  ${p.ready ? 'ready' : 'NOT READY'}  ${p.message}`);
        lines.push('');
    }
    if (result.published.length > 0) {
        lines.push('Publish:');
        for (const p of result.published)
            lines.push(`  ${p.target}  ${p.status}  ${p.url}  ${p.message}`);
        lines.push('');
    }
    if (annotations.length > 0) {
        lines.push('Findings:');
        for (const a of annotations) {
            const title = a.title ? `${a.title}: ` : '';
            lines.push(`  ${a.level}: ${text_location(a)}${title}${a.message.split('\n')[0]}`);
        }
        lines.push('');
    }
    const failed = result.stages.find(s => s.status === 'failed');
    const skipped = result.stages.find(s => s.status === 'skipped');
    lines.push(failed
        ? `Release FAILED at ${failed.stage}: ${failed.message}`
        : `Release OK: ${result.stages.map(s => `${s.stage} ${s.status}`).join(', ')}${skipped ? ` (${skipped.message})` : ''}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/report/redact.ts
// Secrets out of every text the run shows: the log, annotations, outputs, the job summary, the check
// run and the command line's report. Servers, reports and project files are untrusted: an index (or a
// proxy) that echoes the Authorization header, a redirect URL with a token in it, a credentials file
// named as a report. Every sink takes its text through one Redactor, which knows every secret the run
// holds (inputs, minted tokens, OIDC tokens) in the forms they travel in, and the shapes of well-known
// credentials it was never told about.
/** What a secret is replaced with, as the runner masks it. */
const MASK = '***';
/** Shorter values are not masked where they stand in ordinary text (a password 'a' would blank every a). */
const MIN_SECRET_LENGTH = 4;
/** A base64 form shorter than this is too likely to occur by chance. */
const MIN_ENCODED_LENGTH = 8;
/**
 * Credentials whose shape gives them away, known or not: PyPI API tokens (macaroons), GitHub tokens,
 * JSON web tokens (OIDC, the runtime token), the value of an Authorization header, a password in a URL.
 */
const redact_CREDENTIAL_SHAPES = [
    [/\bpypi-[A-Za-z0-9_-]{16,}/g, MASK],
    [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, MASK],
    // starts only where a run of token characters starts, so a long run is scanned once
    [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, MASK],
    [
        /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)((?:basic|bearer|token)\s+)?[^\s"',;&<]+/gi,
        (_match, name, scheme) => `${name}${scheme ?? ''}${MASK}`
    ],
    // the scheme starts where a run of scheme characters starts, so a long run is scanned once, not once per character
    [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@:'"<>]{0,512}:[^\s/@'"<>]{0,512}@/gi, `$1${MASK}@`]
];
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** base64 of `bytes` as it appears inside a longer base64 text that holds them at byte offset `shift` (mod 3). */
function base64Inside(bytes, shift) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes])
        .toString('base64')
        .replace(/=+$/, '');
    // Characters that also depend on the bytes before or after are not the secret's own.
    const start = [0, 2, 3][shift];
    const end = (shift + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    return encoded.slice(start, end);
}
class Redactor {
    forms = new Set();
    pattern;
    usernames = new Set(['__token__', 'x-access-token']);
    /** A username the run authenticates with: its Basic form with every secret is masked too. */
    addUsername(username) {
        if (username) {
            this.usernames.add(username);
            for (const secret of [...this.forms])
                this.addBasic(username, secret);
            this.pattern = undefined;
        }
        return this;
    }
    /** A secret the run holds, in every form it may come back in (raw, JSON, URL, base64 at any offset, Basic). */
    add(secret) {
        const value = secret?.trim();
        if (!value || value.length < MIN_SECRET_LENGTH || this.forms.has(value))
            return this;
        const variants = [
            value,
            secret,
            JSON.stringify(value).slice(1, -1),
            encodeURIComponent(value),
            new URLSearchParams({ v: value }).toString().slice(2)
        ];
        const bytes = Buffer.from(value, 'utf8');
        variants.push(bytes.toString('base64'), bytes.toString('base64url'));
        for (const shift of [0, 1, 2]) {
            const encoded = base64Inside(bytes, shift);
            variants.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
        }
        for (const variant of variants)
            if (variant.length >= MIN_ENCODED_LENGTH || variant === value)
                this.forms.add(variant);
        for (const username of this.usernames)
            this.addBasic(username, value);
        this.pattern = undefined;
        return this;
    }
    /** The password of a URL's user information (https://user:pass@host/), when it has one. */
    addUrl(url) {
        if (!url)
            return this;
        try {
            const parsed = new URL(url);
            this.add(decodeURIComponent(parsed.password));
            if (parsed.password)
                this.addUsername(decodeURIComponent(parsed.username));
        }
        catch {
            // not a URL: inputs.ts reports it
        }
        return this;
    }
    addBasic(username, secret) {
        const basic = Buffer.from(`${username}:${secret}`, 'utf8').toString('base64');
        this.forms.add(basic);
        this.forms.add(basic.replace(/=+$/, ''));
    }
    /** The text with every known secret and every credential-shaped string replaced by ***. */
    redact(text) {
        if (text === '')
            return text;
        if (this.pattern === undefined && this.forms.size > 0) {
            const alternatives = [...this.forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
            this.pattern = new RegExp(alternatives.join('|'), 'g');
        }
        let out = this.pattern ? text.replace(this.pattern, MASK) : text;
        for (const [shape, replacement] of redact_CREDENTIAL_SHAPES)
            out = out.replace(shape, replacement);
        return out;
    }
    /** A copy of a result with every string in it redacted (plain objects, arrays and maps; other objects kept). */
    redactDeep(value) {
        return this.copy(value);
    }
    copy(value) {
        if (typeof value === 'string')
            return this.redact(value);
        if (Array.isArray(value))
            return value.map(item => this.copy(item));
        if (value instanceof Map)
            return new Map([...value].map(([key, item]) => [key, this.copy(item)]));
        if (value !== null && typeof value === 'object') {
            const prototype = Object.getPrototypeOf(value);
            if (prototype !== Object.prototype && prototype !== null)
                return value;
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.copy(item)]));
        }
        return value;
    }
}
/** The secrets of the inputs a run was given: tokens and passwords, usernames, passwords inside URLs. */
function addInputSecrets(redactor, inputs) {
    redactor.addUsername(inputs.username);
    for (const secret of [inputs.password, inputs.testpypiPassword, inputs.githubToken])
        redactor.add(secret);
    for (const url of [inputs.repositoryUrl, inputs.testpypiRepositoryUrl, inputs.indexUrl])
        redactor.addUrl(url);
    return redactor;
}

;// CONCATENATED MODULE: ./src/report/commands.ts
// Text from outside (a test name, a finding, a project field, a server's message, the build's output)
// printed to a step's log must never become a workflow command. The runner reads its output line by
// line (a line ends at \n, \r\n or a lone \r), trims the leading white space, and takes a line that
// then starts with `::` as a command, or one that holds the older `##[name]` anywhere: `::add-mask::` hides the log,
// `::stop-commands::` turns our own commands off, `::error::` forges an annotation. Every line the
// action prints from such text goes through neutralizeCommands: a line that would be read as a command
// gets a zero-width space between its first two characters (and every `##[` one after its `##`), so it
// shows the same and does nothing.
// (Annotations, group titles and debug lines are command values, which @actions/core escapes itself.)
const ZERO_WIDTH_SPACE = '\u200b';
/**
 * Leading characters the runner may trim (.NET's white space is wider than JavaScript's) or that show
 * nothing, so a line starting with them and then `::` is treated as a command line too.
 */
const COMMAND_LINE = /^([\s\u0000-\u001f\u007f\u0085\u00a0\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*)::/u;
/** The text, one line per line the runner will read, with no line that the runner takes as a command. */
function neutralizeCommands(text) {
    if (!text.includes('::') && !text.includes('##['))
        return text;
    return text
        .split(/\r\n|\r|\n/)
        .map(line => line.replace(COMMAND_LINE, `$1:${ZERO_WIDTH_SPACE}:`).replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`))
        .join('\n');
}
function commandValue(text) {
    return text?.replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`);
}

;// CONCATENATED MODULE: ./src/cli-help.ts
// What the command line says about its options: --help from action.yml's own descriptions, "did you mean"
// for a mistyped flag, and usage errors that name the flag rather than the action input.
//
// action.yml is the contract and the only place an input is described. The help reads it, never a copy:
// from the sources it is the file beside src/, and ncc sees `readFileSync(new URL(…, import.meta.url))`,
// copies action.yml into dist/cli/ and points the bundle at that copy, so the installed CLI describes
// exactly the inputs the action it was built with has. The YAML parser is loaded only for --help (its own
// chunk of the bundle), so a release run does not pay for it.





/** action.yml's inputs: each one's description (whitespace as YAML folds it) and default. */
async function readInputDocs() {
    const { parse } = await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 38815, 19));
    const action = parse((0,external_node_fs_.readFileSync)(__nccwpck_require__.ab + "action.yml", 'utf8'));
    return Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, { description: String(input.description ?? ''), default: String(input.default ?? '') }]));
}
/**
 * The options in the order a release meets them. Every input that may be a flag is in one group (a test
 * says so), so a new input cannot be left out of --help; one no group names still shows under "Other".
 */
const OPTION_GROUPS = [
    { title: 'What to release', inputs: ['project-dir', 'version', 'tag-prefix', 'stages', 'targets', 'dry-run'] },
    {
        title: 'Certify (the checks before anything is built)',
        inputs: [
            'junit-xml',
            'min-pass-rate',
            'coverage-report',
            'min-coverage',
            'min-branch-coverage',
            'security-report',
            'security-scan',
            'fail-on-severity',
            'ignore-vulns',
            'docs-required',
            'fail-on-partial'
        ]
    },
    {
        title: 'Build',
        inputs: [
            'python',
            'builder',
            'build-isolation',
            'build-requirements',
            'check-reproducible',
            'wheel-from-sdist',
            'upload-artifact',
            'artifact-name',
            'retention-days'
        ]
    },
    {
        title: "Receive (a job publishing other jobs' files: --stages preflight,publish)",
        inputs: ['download-artifacts', 'artifact-run-id', 'dist-dir', 'expect-wheels', 'require-certification']
    },
    {
        title: 'Preflight and publish',
        inputs: [
            'local-dir',
            'repository-url',
            'testpypi-repository-url',
            'index-url',
            'username',
            'skip-existing',
            'strict-record',
            'attestations',
            'publish-timeout'
        ]
    },
    {
        title: 'GitHub Release (the github target)',
        inputs: ['release-tag', 'release-name', 'release-notes', 'release-draft', 'prerelease', 'make-latest', 'overwrite-assets', 'upload-concurrency']
    }
];
/**
 * The values an input with a fixed set accepts, from the lists its validation uses (src/inputs.ts), so the
 * help cannot offer a value the validation refuses. Booleans say so in their flag.
 */
const ALLOWED_VALUES = {
    builder: builder/* BUILDERS */.rV,
    'build-requirements': requirements/* BUILD_REQUIREMENTS */.Yx,
    'fail-on-severity': FAIL_ON_SEVERITIES,
    'security-scan': SECURITY_SCANS,
    prerelease: ['true', 'false', '(empty)'],
    'make-latest': ['true', 'false', 'legacy', '(empty)']
};
const flagOf = (name, booleans) => `--${name}${booleans.includes(name) ? '[=true|false]' : ' <value>'}`;
/** Words of `text` in lines of at most `width` characters (a longer word, such as a URL, stands alone). */
function wrap(text, width) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line !== '' && line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        }
        else
            line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '')
        lines.push(line);
    return lines;
}
const INDENT = '      ';
/** The options part of --help: per group, each flag with its default, then its description wrapped below. */
function renderOptions(docs, options) {
    const width = Math.min(Math.max(options.columns ?? 80, 60), 100);
    const shown = INPUT_NAMES.filter(name => !options.hidden.includes(name));
    const flagWidth = Math.max(...shown.map(name => flagOf(name, options.booleans).length)) + 2;
    const grouped = new Set(OPTION_GROUPS.flatMap(group => group.inputs));
    const groups = [...OPTION_GROUPS, { title: 'Other', inputs: shown.filter(name => !grouped.has(name)) }];
    const sections = [];
    for (const group of groups) {
        const names = group.inputs.filter(name => shown.includes(name));
        if (names.length === 0)
            continue;
        const lines = [`${group.title}:`];
        for (const name of names) {
            const fallback = options.defaults[name] ?? docs[name]?.default ?? INPUT_DEFAULTS[name];
            lines.push(`  ${flagOf(name, options.booleans).padEnd(flagWidth)}[${fallback}]`);
            const allowed = ALLOWED_VALUES[name];
            const description = `${docs[name]?.description ?? ''}${allowed ? ` Values: ${allowed.join(', ')}.` : ''}`;
            lines.push(...wrap(description, width - INDENT.length).map(line => `${INDENT}${line}`));
        }
        sections.push(lines.join('\n'));
    }
    return sections.join('\n\n');
}
/** Levenshtein distance, with a swap of two neighbours counted as one edit ("dyr-run"). */
function editDistance(a, b) {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                best = Math.min(best, d[i - 2][j - 2] + 1);
            d[i][j] = best;
        }
    }
    return d[a.length][b.length];
}
/**
 * The option a mistyped one most likely meant: the nearest within a third of its length (at least 2 edits,
 * so `--dryrun` and `--target` find theirs), else the only option it begins (`--junit` → `--junit-xml`).
 */
function suggestOption(typed, known) {
    const name = typed.toLowerCase().replaceAll('_', '-');
    let best;
    for (const option of known) {
        const distance = editDistance(name, option);
        if (!best || distance < best.distance)
            best = { option, distance };
    }
    if (best && best.distance <= Math.max(2, Math.floor(name.length / 3)))
        return best.option;
    const prefixed = known.filter(option => name.length >= 3 && option.startsWith(name));
    return prefixed.length === 1 ? prefixed[0] : undefined;
}
/**
 * A usage error in the words of the command line. Validation (src/inputs.ts) speaks of action inputs,
 * "Input 'min-coverage' must be …"; from a terminal the user typed --min-coverage, and a secret input was
 * an environment variable. The message is translated, not re-validated: every "input 'name'" (and "Set
 * 'name'") becomes the flag (or the variables), and when the error's `input` is still not named, the flag
 * leads the message.
 */
function cliUsageMessage(message, input, secretVariables) {
    const flag = (name) => secretVariables[name]?.join(' or ') ?? `--${name}`;
    // "Input 'x'" and "input 'x'" name an input; "Set 'x' to …" tells which one to set
    const translated = message.replace(/\b(?:[Ii]nput|(Set)) '([a-z-]+)'/g, (whole, set, name) => INPUT_NAMES.includes(name) ? `${set ? `${set} ` : ''}${flag(name)}` : whole);
    if (input === undefined || translated.includes(flag(input)))
        return translated;
    return `${flag(input)}: ${translated}`;
}

;// CONCATENATED MODULE: ./src/cli.ts
// The same pipeline from a terminal: flags named like the inputs, a readable report or JSON on stdout.
// Exit status: 0 released (or certified), 1 the release failed, 2 a usage error.












const processStreams = {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text)
};
const BOOLEAN_INPUTS = [
    'build-isolation',
    'check-reproducible',
    'wheel-from-sdist',
    'fail-on-partial',
    'dry-run',
    'upload-artifact',
    'skip-existing',
    'strict-record',
    'attestations',
    'release-draft',
    'overwrite-assets',
    'require-certification'
];
/**
 * Secrets come from the environment only: a flag is visible to every user of the machine in the process
 * list and stays in the shell's history. Each secret input's variables, first one set wins.
 */
const SECRET_ENVIRONMENT = {
    password: ['TWINE_PASSWORD', 'PYPI_TOKEN'],
    'testpypi-password': ['TESTPYPI_PASSWORD', 'TESTPYPI_TOKEN'],
    'github-token': ['GITHUB_TOKEN']
};
const SECRET_FLAGS = Object.keys(SECRET_ENVIRONMENT);
/** The command line's own defaults: from a terminal nothing goes to a public index unless named. */
const CLI_DEFAULTS = { targets: 'local' };
/** The tool's version (package.json's; a test keeps them equal). */
const TOOL_VERSION = '1.0.0';
/** The command line's own flags, after the inputs' in --help. */
const CLI_FLAGS = [
    ['--json', 'print the result as JSON instead of the report'],
    ['--verbose', 'print debug lines on stderr'],
    ['-V, --version', "print the tool's version (--version <value> is the release version)"],
    ['-h, --help', 'show this help']
];
const OWN_OPTIONS = ['json', 'verbose', 'help', 'version'];
/** Every flag the command line takes, for "did you mean". */
const KNOWN_FLAGS = [...INPUT_NAMES.filter(name => !SECRET_FLAGS.includes(name)), ...OWN_OPTIONS];
/**
 * --help: each option with action.yml's description (the one source of what an input does), its default
 * and, for a fixed set, the values it takes; wrapped to the terminal, grouped by stage.
 */
async function helpText(columns) {
    const width = Math.min(Math.max(columns ?? 80, 60), 100);
    const options = renderOptions(await readInputDocs(), { booleans: BOOLEAN_INPUTS, hidden: SECRET_FLAGS, defaults: CLI_DEFAULTS, columns: width });
    const flagWidth = Math.max(...INPUT_NAMES.filter(name => !SECRET_FLAGS.includes(name)).map(name => flagOf(name, BOOLEAN_INPUTS).length)) + 2;
    const paragraph = (text) => wrap(text, width).join('\n');
    const own = CLI_FLAGS.map(([flag, text]) => wrap(text, width - flagWidth - 2)
        .map((line, i) => `  ${(i === 0 ? flag : '').padEnd(flagWidth)}${line}`)
        .join('\n'));
    return `Usage: python-release-action [options]

${paragraph('Certify, build, preflight and publish a Python release, as the GitHub Action does. From a terminal the target is the local directory unless --targets names another: nothing goes to PyPI by accident.')}

${paragraph("Options are the action's inputs of the same name (action.yml); the default is in brackets.")}

${options}

Output:
${own.join('\n')}

${paragraph("Secrets are read from the environment only, never from flags: TWINE_PASSWORD or PYPI_TOKEN (the pypi target's token), TESTPYPI_PASSWORD or TESTPYPI_TOKEN (testpypi's), GITHUB_TOKEN (the github target).")}
${paragraph("Environment: GITHUB_REF (a tag refs/tags/<tag-prefix><version> gives the version), GITHUB_WORKSPACE (repository root for annotation paths), SOURCE_DATE_EPOCH, TWINE_USERNAME (instead of --username); for the github target GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (for GitHub Enterprise Server) and GITHUB_SHA (the commit a new tag is created at; default the checkout's HEAD).")}
${paragraph(`A stage silent for ${HEARTBEAT_MS / 1000} s prints a line on stderr saying it still runs, with its elapsed time.`)}
Exit status: 0 success, 1 the release failed, 2 usage error.
`;
}
/** A stage that prints nothing for this long (an isolated build installing its backend) gets a line saying it still runs. */
const HEARTBEAT_MS = 10_000;
/**
 * The heartbeat: after `intervalMs` with no line on stderr, one line naming the current phase and the time
 * it has taken, then again after each further silent interval. Only the command line has it: in the action
 * every log line carries GitHub's own timestamp. The timer never keeps the process alive.
 */
function startHeartbeat(write, intervalMs, now = Date.now) {
    const phases = [{ title: 'Preparing', start: now() }];
    let stopped = false;
    const timer = setTimeout(function beat() {
        const phase = phases[phases.length - 1];
        const seconds = (now() - phase.start) / 1000;
        write(`… ${phase.title}: still running (${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s)\n`);
        timer.refresh();
    }, intervalMs).unref();
    return {
        /** Something was printed: the silence starts again (not once stopped: refresh() would restart the timer). */
        touch: () => void (stopped || timer.refresh()),
        enter: (title) => {
            phases.push({ title, start: now() });
            if (!stopped)
                timer.refresh();
        },
        leave: () => {
            const left = phases.length > 1 ? phases.pop() : phases[0];
            // what runs between two stages (reading the next one's inputs, the report) is its own phase
            if (phases.length === 1)
                phases[0] = { title: `After ${left.title}`, start: now() };
        },
        stop: () => {
            stopped = true;
            clearTimeout(timer);
        }
    };
}
/** Where the command line's inputs come from: its flags, secrets from the environment, its own defaults. */
function cliInputSource(values, env = process.env) {
    return name => {
        const flag = values[name];
        if (flag !== undefined)
            return flag;
        if (name === 'username' && env['TWINE_USERNAME'] !== undefined)
            return env['TWINE_USERNAME'];
        for (const variable of SECRET_ENVIRONMENT[name] ?? [])
            if (env[variable] !== undefined && env[variable] !== '')
                return env[variable];
        return CLI_DEFAULTS[name];
    };
}
/**
 * `--dry-run` alone means true; `--dry-run false` and `--dry-run=false` also work; `--dry-run maybe` is a
 * usage error saying the value is not a boolean. `-V`, and `--version` with no value after it, ask for the
 * tool's version. A secret's flag is refused, saying where the secret goes instead.
 */
function expandFlags(argv) {
    const expanded = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const next = argv[i + 1];
        if (arg === '-V' || (arg === '--version' && (next === undefined || next.startsWith('-'))))
            return { version: true };
        const [flag, value] = arg.split(/=(.*)/s, 2);
        const name = flag.slice(2);
        if (flag.startsWith('--') && SECRET_FLAGS.includes(name)) {
            const variables = SECRET_ENVIRONMENT[name].join(' or ');
            return {
                error: `--${name} is refused: a secret on the command line is visible to every user of the machine and stays in the shell's history. Set ${variables} in the environment instead`
            };
        }
        if (flag.startsWith('--') && flag !== '--' && !KNOWN_FLAGS.includes(name)) {
            const suggestion = suggestOption(flag.slice(2), KNOWN_FLAGS);
            return { error: `unknown option ${flag}${suggestion ? `; did you mean --${suggestion}?` : ''}` };
        }
        if (flag.startsWith('--') && BOOLEAN_INPUTS.includes(name)) {
            if (value !== undefined) {
                if (!/^(true|false)$/i.test(value))
                    return { error: `--${name} takes true or false, got '${value}'` };
                expanded.push(arg);
            }
            else if (next !== undefined && /^(true|false)$/i.test(next)) {
                expanded.push(`${arg}=${next}`);
                i++;
            }
            else if (next !== undefined && !next.startsWith('-')) {
                return { error: `--${name} takes true or false, got '${next}'` };
            }
            else
                expanded.push(`${arg}=true`);
        }
        else if (flag.startsWith('--') && value === undefined && INPUT_NAMES.includes(name) && next !== undefined) {
            // its value, whatever it looks like, is no flag to check (parseArgs says when it is missing)
            expanded.push(arg, next);
            i++;
        }
        else
            expanded.push(arg);
    }
    return expanded;
}
async function cli(argv, streams = processStreams, options = {}) {
    // What the command line prints may be read by a runner (a `run:` step): no secret, no workflow command.
    // The redactor knows the credential shapes from the start and the run's secrets once the inputs are read.
    const redactor = new Redactor();
    const safe = (text) => neutralizeCommands(redactor.redact(text));
    const usage = (message) => {
        streams.stderr(`python-release-action: ${safe(message)}\nTry 'python-release-action --help'.\n`);
        return 2;
    };
    const args = expandFlags(argv);
    if ('version' in args) {
        streams.stdout(`python-release-action ${TOOL_VERSION}\n`);
        return 0;
    }
    if ('error' in args)
        return usage(args.error);
    let values;
    try {
        values = (0,external_node_util_.parseArgs)({
            args,
            options: {
                ...Object.fromEntries(INPUT_NAMES.map(name => [name, { type: 'string' }])),
                json: { type: 'boolean' },
                verbose: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' }
            },
            allowPositionals: false,
            strict: true
        }).values;
    }
    catch (error) {
        return usage(error.message);
    }
    if (values['help']) {
        streams.stdout(await helpText(options.columns ?? process.stdout.columns));
        return 0;
    }
    const env = (0,src_env/* readEnvironment */.Qo)();
    for (const secret of env.secrets)
        redactor.add(secret);
    const heartbeat = startHeartbeat(line => streams.stderr(safe(line)), options.heartbeatMs ?? HEARTBEAT_MS);
    const log = (text) => {
        heartbeat.touch();
        streams.stderr(`${safe(text)}\n`);
    };
    try {
        const inputs = getInputs(cliInputSource(values));
        addInputSecrets(redactor, inputs);
        const result = redactor.redactDeep(await runPipeline(inputs, env, {
            logger: { info: log, debug: values['verbose'] ? log : () => { } },
            group: async (title, fn) => {
                log(`== ${title}`);
                heartbeat.enter(title);
                try {
                    return await fn();
                }
                finally {
                    heartbeat.leave();
                }
            },
            setSecret: secret => redactor.add(secret),
            redactor
        }));
        const annotations = collectAnnotations(result);
        if (values['json']) {
            const outputs = buildOutputs(result, env.workspace);
            streams.stdout(`${JSON.stringify({
                ok: result.ok,
                version: outputs.version,
                certification: result.certification ?? null,
                artifacts: JSON.parse(outputs.artifacts),
                preflights: result.preflights,
                published: result.published,
                stages: result.stages,
                annotations,
                outputs
            }, null, 2
            // a JSON string may hold a legacy `##[` command; \u0023 is the same '#' to a JSON reader
            ).replaceAll('##[', '#\\u0023[')}\n`);
        }
        else {
            streams.stdout(safe(renderText(result, annotations)));
        }
        return result.ok ? 0 : 1;
    }
    catch (error) {
        if (error instanceof UsageError)
            return usage(cliUsageMessage(error.message, error.input, SECRET_ENVIRONMENT));
        if (error instanceof ProjectError)
            return usage(cliUsageMessage(error.message, undefined, SECRET_ENVIRONMENT));
        if (values['verbose'])
            log(error instanceof Error ? (error.stack ?? error.message) : String(error));
        streams.stderr(`python-release-action: ${safe((0,errors/* describeError */.U)(error))}; nothing was published\n`);
        return 1;
    }
    finally {
        heartbeat.stop();
    }
}


/***/ }),

/***/ 78204:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qo: () => (/* binding */ readEnvironment),
/* harmony export */   cl: () => (/* binding */ runnerTempDir),
/* harmony export */   m_: () => (/* binding */ PULL_REQUEST_EVENTS)
/* harmony export */ });
/* unused harmony exports SIGSTORE_VARIABLES, inputFromEnv */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);




/** The head SHA of the event's pull request, when GITHUB_EVENT_PATH holds one. */
function pullRequestHeadSha(path) {
    if (!path)
        return undefined;
    try {
        const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
        const sha = event.pull_request?.head?.sha;
        return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    }
    catch {
        return undefined;
    }
}
/** The repository's visibility as the event payload gives it (actions/attest reads the same field). */
function repositoryVisibility(path) {
    if (!path)
        return undefined;
    try {
        const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
        const visibility = event.repository?.visibility;
        if (visibility === 'public' || visibility === 'private' || visibility === 'internal')
            return visibility;
        if (typeof event.repository?.private === 'boolean')
            return event.repository.private ? 'private' : 'public';
        return undefined;
    }
    catch {
        return undefined;
    }
}
/** Why @actions/artifact cannot run here: outside Actions (no runtime token or results URL), or on GHES. */
function artifactServiceUnavailable(env) {
    if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL']) {
        return 'this is not a GitHub Actions job step (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)';
    }
    let host;
    try {
        host = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').hostname.toLowerCase();
    }
    catch {
        return `GITHUB_SERVER_URL '${env['GITHUB_SERVER_URL']}' is not a URL`;
    }
    if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')) {
        return `GitHub Enterprise Server (${host}) does not offer the artifact service that @actions/artifact v2+ needs`;
    }
    return undefined;
}
/** The variables that point signing at a private Sigstore deployment or a test instance. */
const SIGSTORE_VARIABLES = ['SIGSTORE_FULCIO_URL', 'SIGSTORE_REKOR_URL', 'SIGSTORE_TSA_URL', 'SIGSTORE_TRUSTED_ROOT'];
function readEnvironment(env = process.env, cwd = process.cwd()) {
    const nonEmpty = (name) => (env[name] ? env[name] : undefined);
    const workspace = nonEmpty('GITHUB_WORKSPACE');
    return {
        workspace: workspace ? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(cwd, workspace) : cwd,
        searchPath: { path: env['PATH'] ?? env['Path'], pathExt: env['PATHEXT'], platform: process.platform },
        ref: nonEmpty('GITHUB_REF'),
        eventName: nonEmpty('GITHUB_EVENT_NAME'),
        sha: nonEmpty('GITHUB_SHA'),
        runnerTemp: nonEmpty('RUNNER_TEMP'),
        sourceDateEpoch: nonEmpty('SOURCE_DATE_EPOCH'),
        repository: nonEmpty('GITHUB_REPOSITORY'),
        workflowRef: nonEmpty('GITHUB_WORKFLOW_REF'),
        workflow: nonEmpty('GITHUB_WORKFLOW'),
        job: nonEmpty('GITHUB_JOB'),
        runId: nonEmpty('GITHUB_RUN_ID'),
        runAttempt: nonEmpty('GITHUB_RUN_ATTEMPT'),
        runnerOs: nonEmpty('RUNNER_OS'),
        runnerArch: nonEmpty('RUNNER_ARCH'),
        artifactServiceUnavailable: artifactServiceUnavailable(env),
        apiUrl: nonEmpty('GITHUB_API_URL') ?? 'https://api.github.com',
        pullRequestHeadSha: PULL_REQUEST_EVENTS.has(env['GITHUB_EVENT_NAME'] ?? '') ? pullRequestHeadSha(nonEmpty('GITHUB_EVENT_PATH')) : undefined,
        serverUrl: nonEmpty('GITHUB_SERVER_URL') ?? 'https://github.com',
        repositoryVisibility: repositoryVisibility(nonEmpty('GITHUB_EVENT_PATH')),
        sigstore: Object.fromEntries(SIGSTORE_VARIABLES.map(name => [name, nonEmpty(name)])),
        secrets: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].flatMap(name => nonEmpty(name) ?? []),
        trace: env['PYTHON_RELEASE_TRACE'] === '1'
    };
}
/** Events whose runs check a pull request: the pipeline never publishes from them. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** An input's value as the runner passes it: INPUT_<NAME> (spaces → _, upper case); undefined when unset. */
function inputFromEnv(name, env = process.env) {
    return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
/**
 * A new directory for this run's own files under RUNNER_TEMP (the OS's temp directory outside a runner):
 * RUNNER_TEMP is made first when it does not exist yet (a self-hosted runner's cleaned temp, a local run).
 */
async function runnerTempDir(runnerTemp, prefix) {
    const base = runnerTemp || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)();
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)(base, { recursive: true }).catch(() => { }); // a failure is mkdtemp's to report, with the path
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(base, prefix));
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ describeError)
/* harmony export */ });
// An unexpected error as one line a user can act on: what failed and on which path, never a stack trace
// (the stack goes to the debug log).
const ERRNO_MEANING = {
    ENOENT: 'does not exist',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EISDIR: 'is a directory, not a file',
    ELOOP: 'has a symbolic link loop',
    ENAMETOOLONG: 'is too long a path',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EROFS: 'is on a read-only file system',
    EEXIST: 'already exists',
    EMFILE: 'too many open files',
    EIO: 'input/output error'
};
function describeError(error) {
    if (!(error instanceof Error))
        return String(error);
    const { code, path, syscall } = error;
    if (typeof code === 'string' && typeof path === 'string' && ERRNO_MEANING[code]) {
        return `${syscall ? `${syscall} ` : ''}'${path}': ${ERRNO_MEANING[code]} (${code})`;
    }
    return error.message || error.name;
}


/***/ }),

/***/ 71243:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N0: () => (/* binding */ cleanHeadCommit),
/* harmony export */   Qo: () => (/* binding */ headCommit),
/* harmony export */   hq: () => (/* binding */ readTagHistory)
/* harmony export */ });
/* unused harmony export parseLsRemote */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(22876);
/* harmony import */ var _pep440_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(80936);
// What git knows about earlier releases: the release tags reachable from the commit being
// released. Read with git itself, so annotated and lightweight tags both count. A shallow clone
// (actions/checkout's default fetch-depth: 1) holds almost none of them, so its remote is asked
// for its tags (`git ls-remote --tags`), which needs no history.



/** How long `git ls-remote` may take before the remote counts as unreachable. */
const LS_REMOTE_TIMEOUT_MS = 30_000;
async function git(cwd, args) {
    try {
        const { exitCode, stdout } = await _actions_exec__WEBPACK_IMPORTED_MODULE_1__/* .getExecOutput */ .H('git', args, { cwd, silent: true, ignoreReturnCode: true });
        return exitCode === 0 ? stdout : undefined;
    }
    catch {
        return undefined; // no git
    }
}
/**
 * Runs git with a deadline and without a credential prompt (a remote asking for a password fails
 * instead of waiting). git runs in a process group of its own, so the deadline ends its transport
 * helper (git-remote-https, ssh) too, not just git.
 */
function gitWithin(cwd, args, timeoutMs) {
    return new Promise(resolve => {
        // no username/password prompt (a runner has no terminal); an ssh prompt ends with the deadline
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
        let stdout = '';
        let stderr = '';
        let settled = false;
        const settle = (result) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            resolve(result);
        };
        child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4096)));
        const timer = setTimeout(() => {
            try {
                process.kill(-child.pid, 'SIGKILL');
            }
            catch {
                child.kill('SIGKILL');
            }
            child.stdout.destroy();
            child.stderr.destroy();
            settle({ ok: false, why: `no answer within ${timeoutMs / 1000} s` });
        }, timeoutMs);
        child.on('error', error => settle({ ok: false, why: error.message }));
        child.on('close', code => {
            if (code === 0)
                return settle({ ok: true, stdout });
            const said = stderr
                .split('\n')
                .map(line => line.trim())
                .find(line => line !== '');
            settle({ ok: false, why: said ?? `git exited with code ${code}` });
        });
    });
}
/** Release tags from `git ls-remote --tags` output; an annotated tag's `^{}` line gives its commit. */
function parseLsRemote(text, tagPrefix) {
    const objects = new Map();
    for (const line of text.split('\n')) {
        const [object, ref] = line.trim().split('\t');
        if (!object || !ref?.startsWith('refs/tags/'))
            continue;
        const peeled = ref.endsWith('^{}');
        const tag = ref.slice('refs/tags/'.length, peeled ? -3 : undefined);
        if (peeled || !objects.has(tag))
            objects.set(tag, object);
    }
    const tags = [];
    for (const [tag, commit] of objects) {
        const parsed = (0,_pep440_js__WEBPACK_IMPORTED_MODULE_2__/* .versionFromTag */ .bp)(tag, tagPrefix);
        if (parsed.kind === 'version')
            tags.push({ tag, version: parsed.version.normalized, commit });
    }
    return tags;
}
/** The remote's release tags that the clone cannot place below HEAD; or why they could not be read. */
async function remoteTags(dir, tagPrefix, local, timeoutMs) {
    const remotes = (await git(dir, ['remote']))
        ?.split('\n')
        .map(name => name.trim())
        .filter(Boolean) ?? [];
    const name = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : undefined;
    if (name === undefined) {
        return {
            tags: local,
            remoteProblem: remotes.length === 0 ? 'the clone has no remote to ask' : `the clone has several remotes and none is named origin (${remotes.join(', ')})`
        };
    }
    const listed = await gitWithin(dir, ['ls-remote', '--tags', name], timeoutMs);
    if (!listed.ok)
        return { tags: local, remoteProblem: `git ls-remote --tags ${name} failed: ${listed.why}` };
    // The commits this clone holds below HEAD: a remote tag on one of them is reachable.
    const ancestors = new Set((await git(dir, ['rev-list', 'HEAD']))
        ?.split('\n')
        .map(line => line.trim())
        .filter(Boolean) ?? []);
    const tags = [...local];
    const unplaced = [];
    for (const tag of parseLsRemote(listed.stdout, tagPrefix)) {
        if (local.some(known => known.tag === tag.tag))
            continue;
        if (ancestors.has(tag.commit))
            tags.push(tag);
        else
            unplaced.push(tag);
    }
    return { tags, remote: { name, unplaced } };
}
/** undefined when `dir` is not in a git work tree (or git is missing). */
async function readTagHistory(dir, tagPrefix, options = {}) {
    const [head, shallow, refs] = await Promise.all([
        git(dir, ['rev-parse', 'HEAD']),
        git(dir, ['rev-parse', '--is-shallow-repository']),
        git(dir, ['for-each-ref', '--merged', 'HEAD', '--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)', 'refs/tags'])
    ]);
    if (head === undefined || refs === undefined)
        return undefined;
    const tags = [];
    for (const line of refs.split('\n')) {
        const [tag, object, peeled] = line.split('\t');
        if (!tag || !object)
            continue;
        const parsed = (0,_pep440_js__WEBPACK_IMPORTED_MODULE_2__/* .versionFromTag */ .bp)(tag, tagPrefix);
        if (parsed.kind === 'version')
            tags.push({ tag, version: parsed.version.normalized, commit: peeled || object });
    }
    const history = { head: head.trim(), tags, shallow: shallow?.trim() === 'true' };
    if (!history.shallow)
        return history;
    return { ...history, ...(await remoteTags(dir, tagPrefix, tags, options.lsRemoteTimeoutMs ?? LS_REMOTE_TIMEOUT_MS)) };
}
/** The checkout's HEAD commit; undefined outside a git work tree. */
async function headCommit(dir) {
    return (await git(dir, ['rev-parse', 'HEAD']))?.trim() || undefined;
}
/**
 * The checkout's HEAD commit when its tracked files are as committed (untracked files, such as a 'local-dir'
 * inside the project, do not count); undefined outside a git work tree or with uncommitted changes.
 */
async function cleanHeadCommit(dir) {
    const [head, status] = await Promise.all([headCommit(dir), git(dir, ['status', '--porcelain', '--untracked-files=no'])]);
    return head && status !== undefined && status.trim() === '' ? head : undefined;
}


/***/ }),

/***/ 46455:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ normalizeName),
/* harmony export */   x: () => (/* binding */ requirementName)
/* harmony export */ });
// Project names as Python packaging compares them.
/** PEP 503 normalization: lower case, runs of -, _ and . become one -. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
/** The project name a PEP 508 requirement starts with ("requests[socks]>=2; …" → "requests"), or undefined. */
function requirementName(requirement) {
    return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
}


/***/ }),

/***/ 80936:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   At: () => (/* binding */ versionsEqual),
/* harmony export */   Ug: () => (/* binding */ isPlaceholderVersion),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   bK: () => (/* binding */ invalidTagName),
/* harmony export */   bp: () => (/* binding */ versionFromTag),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   q: () => (/* binding */ tagFromRef)
/* harmony export */ });
/* harmony import */ var _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(68898);
/* harmony import */ var _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__);
// PEP 440 versions (semver-style tags such as v1.0.0-rc.1 normalize too) and tag <-> version.

/** Parses a PEP 440 version; undefined when it is not one. */
function parseVersion(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return undefined;
    const explained = _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.explain(trimmed);
    if (!explained)
        return undefined;
    // Not pep440.clean(): it joins a local label's segments with commas (`4.0.0+local,1`), which is no
    // version at all. The public part and the local label (segments joined by dots, lower case, numbers
    // without leading zeros) are each normalized already, as packaging's Version prints them.
    return {
        normalized: explained.local === null ? explained.public : `${explained.public}+${explained.local}`,
        isPrerelease: explained.is_prerelease,
        isLocal: explained.local !== null
    };
}
/**
 * A version backends make up when nothing tells them the project's version: setuptools' 0.0.0,
 * versioneer's 0+unknown, a 0.0.0.dev0 or 0.0 template. All-zero releases (no pre- or post-release,
 * at most .dev0), and any `+unknown` local version. Never a release the project stated.
 */
function isPlaceholderVersion(text) {
    const explained = _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.explain(text.trim());
    if (!explained)
        return false;
    if (explained.local === 'unknown')
        return true;
    return (explained.epoch === 0 &&
        explained.release.every(part => part === 0) &&
        explained.pre === null &&
        explained.post === null &&
        // the typings say an array; explain() gives the dev number (0.0.0.dev0 -> 0)
        (explained.dev === null || Number(explained.dev) === 0));
}
/**
 * PEP 440 equality: `1.0` == `1.0.0`, `1.0.0-rc1` == `1.0.0rc1`. Text that is no PEP 440 version (an
 * index's legacy version, a hostile answer) equals only the same text: the library would throw on it.
 */
function versionsEqual(a, b) {
    const [left, right] = [parseVersion(a), parseVersion(b)];
    return left && right ? _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.eq(left.normalized, right.normalized) : a.trim() === b.trim();
}
/** The tag name of a `refs/tags/...` ref, else undefined (a branch, a pull request). */
function tagFromRef(ref) {
    const prefix = 'refs/tags/';
    return ref?.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}
/** Reads `<prefix><version>` from a tag name. */
function versionFromTag(tag, prefix) {
    if (!tag.startsWith(prefix))
        return { kind: 'not-prefixed', tag };
    const text = tag.slice(prefix.length);
    const version = parseVersion(text);
    return version ? { kind: 'version', tag, version } : { kind: 'invalid', tag, text };
}
/**
 * PEP 440 ordering: negative when a < b, 0 when equal, positive when a > b. Text that is no PEP 440
 * version sorts before every version (as packaging's LegacyVersion did), never throws, and is ordered
 * by its text among its kind, so a sort stays total.
 */
function compareVersions(a, b) {
    const [left, right] = [parseVersion(a), parseVersion(b)];
    if (left && right)
        return _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare(left.normalized, right.normalized);
    if (left)
        return 1;
    if (right)
        return -1;
    return a < b ? -1 : a > b ? 1 : 0;
}
/** Why git would refuse `name` as a tag (git check-ref-format's rules); undefined when it is a valid one. */
function invalidTagName(name) {
    if (name === '')
        return 'it is empty';
    if (name === '@')
        return "'@' alone is not a ref name";
    const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(name);
    if (bad)
        return `it contains ${bad[0] === ' ' ? 'a space' : /[\x00-\x1f\x7f]/.test(bad[0]) ? 'a control character' : `'${bad[0]}'`}`;
    if (name.includes('..'))
        return "it contains '..'";
    if (name.includes('@{'))
        return "it contains '@{'";
    if (name.includes('//') || name.startsWith('/') || name.endsWith('/'))
        return 'it has an empty path component';
    if (name.endsWith('.'))
        return "it ends with '.'";
    for (const component of name.split('/')) {
        if (component.startsWith('.'))
            return `the component '${component}' starts with '.'`;
        if (component.endsWith('.lock'))
            return `the component '${component}' ends with '.lock'`;
    }
    return undefined;
}


/***/ }),

/***/ 97194:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   VB: () => (/* binding */ sameDigest),
/* harmony export */   _G: () => (/* binding */ DEFAULT_SKIP_EXISTING),
/* harmony export */   b3: () => (/* binding */ DigestMismatch),
/* harmony export */   xE: () => (/* binding */ compareExisting)
/* harmony export */ });
/* harmony import */ var _build_archive_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(43782);
/* harmony import */ var _build_digest_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(24726);
// Is the file a target already holds under a release file's name the same release? The local directory,
// the index and the GitHub Release each ask it of a file they find in the way; the answer is decided here
// once, and each target words its own message around it. Identical: the same bytes (the same sha256).
// Equivalent: a rebuild with the same archive members and contents (other timestamps or member order),
// which skip-existing keeps. Different: another release of the same version, with the differing members.


/** skip-existing's default: keep a file already there when it is the same release, so a re-run completes a release (action.yml says the same). */
const DEFAULT_SKIP_EXISTING = true;
/** The bytes fetched from a target are not the ones it lists: a transfer or the target is at fault, not the release. */
class DigestMismatch extends Error {
    fetched;
    listed;
    constructor(
    /** The sha256 of the bytes fetched. */
    fetched, 
    /** The sha256 the target lists. */
    listed) {
        super(`the file fetched has sha256 ${fetched}, not the ${listed} listed`);
        this.fetched = fetched;
        this.listed = listed;
        this.name = 'DigestMismatch';
    }
}
/** Whether the digest the target gives for its file says it is this artifact's bytes (no reading needed). */
function sameDigest(artifact, held) {
    return held.sha256 !== undefined && held.sha256 === artifact.sha256 && (held.size === undefined || held.size === artifact.size);
}
/** Members with the first path component dropped: an sdist's top directory is named after its filename. */
const withoutTop = (members) => members.map(member => ({ ...member, name: member.name.split('/').slice(1).join('/') })).filter(member => member.name !== '');
/**
 * Compares the file a target holds with the built artifact: by digest first, then (the bytes read or
 * downloaded) by archive members. Throws what reading the held file (or downloading it) throws, and
 * DigestMismatch; a held file that is not a readable archive is 'different', with `unreadable` set.
 */
async function compareExisting(artifact, held) {
    if (sameDigest(artifact, held))
        return { verdict: 'identical', sha256: artifact.sha256 };
    let sha256 = held.sha256;
    let path = held.path;
    if (held.download) {
        path = await held.download();
        const fetched = await (0,_build_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256File */ .Q3)(path);
        if (held.sha256 && fetched !== held.sha256)
            throw new DigestMismatch(fetched, held.sha256);
        if (fetched === artifact.sha256)
            return { verdict: 'identical', sha256: fetched };
        sha256 = fetched;
    }
    if (path === undefined)
        throw new Error(`${artifact.filename}: the file in place has neither a path nor a download to compare`);
    let theirs;
    try {
        theirs = (await (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_0__/* .readArchive */ .bL)(path)).members;
    }
    catch (error) {
        const unreadable = error.message;
        return { verdict: 'different', differences: `it is not a readable archive (${unreadable})`, unreadable };
    }
    const ours = (await (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_0__/* .readArchive */ .bL)(artifact.path)).members;
    const differences = held.ignoreTop ? (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_0__/* .memberDifferences */ .Tp)(withoutTop(theirs), withoutTop(ours)) : (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_0__/* .memberDifferences */ .Tp)(theirs, ours);
    return differences.length === 0 ? { verdict: 'equivalent', sha256 } : { verdict: 'different', differences: (0,_build_archive_js__WEBPACK_IMPORTED_MODULE_0__/* .listDifferences */ .bY)(differences) };
}


/***/ }),

/***/ 62211:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   Dr: () => (/* binding */ NetworkError),
/* harmony export */   Em: () => (/* binding */ request),
/* harmony export */   Fd: () => (/* binding */ retryableStatus),
/* harmony export */   Fh: () => (/* binding */ isJson),
/* harmony export */   TX: () => (/* binding */ sendFile),
/* harmony export */   Te: () => (/* binding */ getWithRetries),
/* harmony export */   U_: () => (/* binding */ ensureTime),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   Z_: () => (/* binding */ uploadAnswerTimeoutMs),
/* harmony export */   j3: () => (/* binding */ DeadlineError),
/* harmony export */   jo: () => (/* binding */ backoffMs),
/* harmony export */   kz: () => (/* binding */ githubRetry),
/* harmony export */   ug: () => (/* binding */ UPLOAD_IDLE_TIMEOUT_MS),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   x: () => (/* binding */ responseText),
/* harmony export */   y_: () => (/* binding */ retryWait),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/* unused harmony export USER_AGENT */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_2__);
// HTTP for the publish targets: one request at a time over node:http(s) with the runner's proxy
// settings (@actions/http-client's agent honours https_proxy/no_proxy), bodies streamed from disk,
// and the one home of network retries: when an answer is worth another try (an index's 5xx and 429,
// GitHub's rate limits) and how long to wait (Retry-After, or exponential backoff), the retrying GET
// every target downloads with, and the publish deadline that bounds them all.



const USER_AGENT = 'python-release-action';
/** Text bodies kept at most (an error page, a JSON document); larger bodies are cut. */
const MAX_TEXT_BODY = 32 * 1024 * 1024;
/** No HTTP answer at all: refused, reset, timed out, DNS. Whether the server acted on the request is unknown. */
class NetworkError extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
        this.name = 'NetworkError';
    }
}
/** Chunks of a file read at a time; two buffers of this size are all a file body ever holds. */
const CHUNK = 1024 * 1024;
/** Buffer pairs of finished file bodies, for the next: buffers outside the heap are freed late by the GC. */
const spareBuffers = [];
/**
 * Sends a file through `send` from two buffers in turn: one being filled from disk while the other is on
 * its way to the socket. A buffer is read into again only once its write has completed, so memory stays
 * flat (a stream's fresh buffer per chunk is memory outside the heap that the garbage collector frees late).
 * The pair is kept for the next file once every write completed (after a failure a write may still hold it).
 */
async function sendFile(file, send) {
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(file.path, 'r');
    const buffers = spareBuffers.pop() ?? [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    try {
        const inFlight = [undefined, undefined];
        let read = 0;
        for (let turn = 0;; turn = 1 - turn) {
            await inFlight[turn];
            const { bytesRead } = await handle.read(buffers[turn], 0, CHUNK, read);
            if (bytesRead === 0)
                break;
            read += bytesRead;
            inFlight[turn] = send(buffers[turn].subarray(0, bytesRead));
            // A failed write ends the loop at once rather than when its turn comes round.
            inFlight[turn].catch(() => { });
        }
        await Promise.all(inFlight);
        spareBuffers.push(buffers);
        // A file that changed since it was digested would be sent with a wrong length (and wrong digests).
        if (read !== file.size)
            throw new Error(`${file.filename} changed on disk while uploading (${read} bytes, expected ${file.size})`);
    }
    finally {
        await handle.close();
    }
}
/**
 * The proxy-aware agents, made by the first request: @actions/http-client loads undici and node's http,
 * https and http2 when it loads, about a third of the bundle's start-up, which a release to a directory
 * never needs (bench:pipeline).
 */
let agents;
const proxyAgents = () => (agents ??= Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(942)]).then(__nccwpck_require__.bind(__nccwpck_require__, 44942)).then(({ HttpClient: Client }) => new Client(USER_AGENT, [], { keepAlive: true })));
function describeNetworkError(error, url) {
    const where = url.host;
    switch (error.code) {
        case 'ECONNREFUSED':
            return `${where} refused the connection`;
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return `${url.hostname} could not be resolved (DNS)`;
        case 'ECONNRESET':
        case 'EPIPE':
            return `the connection to ${where} was reset`;
        case 'ETIMEDOUT':
            return `the connection to ${where} timed out`;
        default:
            return `${where}: ${error.message}`;
    }
}
async function request(target, options = {}) {
    const url = new URL(target);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const answerTimeoutMs = options.answerTimeoutMs ?? timeoutMs;
    const { deadline } = options;
    if (deadline?.expired())
        throw new DeadlineError(`${deadline.describe()} ran out before ${url.host} was asked`, deadline);
    const [client, { request: send }] = await Promise.all([proxyAgents(), url.protocol === 'https:' ? Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 44708, 23)) : Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 37067, 23))]);
    return new Promise((resolve, reject) => {
        let settled = false;
        /** Why this request was abandoned by one of its timers: what it is rejected with, whatever error the abort causes. */
        let abandoned;
        const timers = new Set();
        const started = Date.now();
        let sentAt;
        let answered = false;
        const settle = () => {
            settled = true;
            for (const timer of timers)
                clearTimeout(timer);
        };
        const fail = (error) => {
            if (settled)
                return;
            settle();
            const cause = abandoned ?? error;
            reject(cause instanceof NetworkError || cause instanceof DeadlineError ? cause : new NetworkError(describeNetworkError(cause, url), cause.code));
        };
        const abandon = (error) => {
            if (settled || abandoned)
                return;
            abandoned = error;
            req.destroy(error);
            fail(error);
        };
        const seconds = (since) => Math.round((Date.now() - since) / 1000);
        const length = Buffer.isBuffer(options.body) ? { 'Content-Length': options.body.length } : {};
        const req = send(url, {
            method: options.method ?? 'GET',
            agent: client.getAgent(url.href),
            headers: { 'User-Agent': USER_AGENT, ...length, ...options.headers }
        }, response => {
            answered = true;
            for (const timer of answerTimers)
                clearTimeout(timer);
            // Reading the answer: bounded by idle time again (a download may be long, but it must move).
            req.setTimeout(timeoutMs);
            readResponse(response, options.saveTo).then(result => {
                if (settled)
                    return;
                settle();
                resolve(result);
            }, fail);
        });
        const answerTimers = new Set();
        const timer = (ms, then, group) => {
            const handle = setTimeout(then, ms);
            timers.add(handle);
            group?.add(handle);
        };
        req.setTimeout(timeoutMs, () => abandon(new NetworkError(sentAt === undefined
            ? `${url.host} took nothing for ${Math.round(timeoutMs / 1000)} s (the connection stalled)`
            : `the answer from ${url.host} stalled for ${Math.round(timeoutMs / 1000)} s`, 'ETIMEDOUT')));
        // The whole request has been sent: the idle bound gives way to the bound on the wait for the answer.
        req.on('finish', () => {
            sentAt = Date.now();
            if (answered || settled)
                return;
            req.setTimeout(0);
            timer(answerTimeoutMs, () => abandon(new NetworkError(`no answer from ${url.host} for ${Math.round(answerTimeoutMs / 1000)} s after the request was sent`, 'ETIMEDOUT')), answerTimers);
        });
        if (deadline?.started) {
            timer(deadline.remaining(), () => {
                const what = answered
                    ? `the answer from ${url.host} was still arriving after ${seconds(started)} s`
                    : sentAt !== undefined
                        ? `no answer from ${url.host} for ${seconds(sentAt)} s`
                        : `${url.host} was still being sent the request after ${seconds(started)} s`;
                abandon(new DeadlineError(what, deadline));
            });
        }
        req.on('error', fail);
        if (!options.body || Buffer.isBuffer(options.body)) {
            req.end(options.body);
            return;
        }
        const sendChunk = (chunk) => new Promise((resolve, reject) => {
            req.write(chunk, error => (error ? reject(error) : resolve()));
        });
        // A server may answer (an auth error, a size refusal) before reading the whole body; the answer
        // counts, and the rest of the body is not sent.
        options.body(sendChunk).then(() => req.end(), (error) => {
            if (settled || req.destroyed)
                return;
            req.destroy(error);
            fail(error);
        });
    });
}
async function readResponse(response, saveTo) {
    const status = response.statusCode ?? 0;
    const base = { status, reason: response.statusMessage ?? '', headers: response.headers };
    if (saveTo && status === 200) {
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(response, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createWriteStream)(saveTo));
        return { ...base, body: '' };
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of response) {
        if (size < MAX_TEXT_BODY)
            chunks.push(chunk);
        size += chunk.length;
    }
    return { ...base, body: Buffer.concat(chunks).toString('utf8') };
}
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
/** Worth another attempt: the server is overloaded or failing (5xx), asks to slow down (429), or timed out (408). */
function retryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** The wait the server asked for (Retry-After: seconds or an HTTP date), in ms; undefined when it did not ask. */
function retryAfterMs(headers, now = Date.now()) {
    const value = headers['retry-after'];
    if (value === undefined)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** The backoff before attempt `attempt + 1` (attempt counts from 1): the server's wish when it said one, capped. */
function backoffMs(policy, attempt, asked) {
    if (asked !== undefined)
        return Math.min(asked, policy.maxDelayMs);
    const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
    return Math.min(policy.maxDelayMs, exponential * (0.75 + Math.random() * 0.5));
}
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
/**
 * Before waiting `ms` to retry: throws DeadlineError when the wait would end after the deadline (`after`
 * names what failed), as the retry could not be made anyway; nothing is waited for then.
 */
function ensureTime(deadline, ms, after) {
    if (deadline?.started && ms >= deadline.remaining()) {
        throw new DeadlineError(`${after}, and a retry in ${(ms / 1000).toFixed(1)} s would come after the deadline`, deadline);
    }
}
const statusRetry = (response, policy, attempt) => retryableStatus(response.status) ? backoffMs(policy, attempt, retryAfterMs(response.headers)) : undefined;
/**
 * A GET that retries network errors and what `decide` says is worth retrying (by default 5xx, 408 and 429).
 * With options.deadline, no wait runs past it (DeadlineError instead).
 */
async function getWithRetries(url, options, logger, policy = DEFAULT_RETRY, decide = statusRetry) {
    for (let attempt = 1;; attempt++) {
        let reason;
        let wait;
        try {
            const response = await request(url, options);
            wait = attempt < policy.attempts ? decide(response, policy, attempt) : undefined;
            if (wait === undefined)
                return response;
            reason = `HTTP ${response.status}`;
        }
        catch (error) {
            if (!(error instanceof NetworkError) || attempt >= policy.attempts)
                throw error;
            wait = backoffMs(policy, attempt);
            reason = error.message;
        }
        wait = Math.min(wait, policy.maxDelayMs);
        const where = `GET ${new URL(url).origin}${new URL(url).pathname}`;
        ensureTime(options.deadline, wait, `${where} failed (${reason})`);
        logger.info(`${where}: ${reason}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`);
        await sleep(wait);
    }
}
/**
 * How long to wait before retrying a failed GitHub request; undefined when it is not worth retrying.
 * Octokit reports a connection that failed without an answer as status 500.
 */
function retryWait(failure, policy, attempt, now = Date.now()) {
    const status = failure.status ?? 0;
    const headers = failure.response?.headers ?? {};
    const header = (name) => (headers[name] === undefined ? undefined : String(headers[name]));
    const asked = retryAfterMs({ 'retry-after': header('retry-after') }, now);
    if (status === 403 || status === 429) {
        // A secondary rate limit says how long to wait; a spent primary limit says when it resets.
        if (asked !== undefined)
            return asked;
        if (header('x-ratelimit-remaining') === '0' && header('x-ratelimit-reset') !== undefined) {
            return Math.max(0, Number(header('x-ratelimit-reset')) * 1000 - now) + 1000;
        }
        if (status === 403 && /secondary rate limit/i.test(failure.message ?? ''))
            return backoffMs({ ...policy, baseDelayMs: 60_000 }, attempt);
        return status === 429 ? backoffMs(policy, attempt) : undefined;
    }
    if (status >= 500 || status === 408)
        return backoffMs(policy, attempt, asked);
    return undefined;
}
/** retryWait for an answer GitHub gave our own HTTP client (uploads, downloads). */
const githubRetry = (response, policy, attempt) => retryWait({ status: response.status, message: response.body, response: { headers: response.headers } }, policy, attempt);
// ---- the publish deadline ----------------------------------------------------------------------
/**
 * The time the publish stage may take in all (the 'publish-timeout' input), shared by every target and
 * every request, retry and wait they make. It starts when publishing starts; before that (preflight) it
 * bounds nothing.
 */
class Deadline {
    limitMs;
    input;
    end;
    constructor(limitMs, 
    /** How messages name the limit. */
    input = 'publish-timeout') {
        this.limitMs = limitMs;
        this.input = input;
    }
    /** Starts the clock (a second call changes nothing). */
    start(now = Date.now()) {
        this.end ??= now + this.limitMs;
        return this;
    }
    get started() {
        return this.end !== undefined;
    }
    /** Milliseconds left (Infinity before the start, 0 once passed). */
    remaining(now = Date.now()) {
        return this.end === undefined ? Infinity : Math.max(0, this.end - now);
    }
    expired(now = Date.now()) {
        return this.remaining(now) <= 0;
    }
    /** A signal that aborts at the deadline (undefined before the start); for clients that take one (Octokit's fetch). */
    signal() {
        return this.end === undefined ? undefined : AbortSignal.timeout(this.remaining());
    }
    /** The limit as the maintainer set it: 'publish-timeout' (10 minutes). */
    describe() {
        const minutes = Number((this.limitMs / 60_000).toFixed(3));
        return `'${this.input}' (${minutes} minute${minutes === 1 ? '' : 's'})`;
    }
}
/**
 * The publish deadline passed: the request in flight was abandoned, or a retry was not made. Whether the
 * server acted on an abandoned request is unknown; nothing more is sent.
 */
class DeadlineError extends Error {
    what;
    deadline;
    constructor(
    /** What was happening when time ran out: "no answer from host for 6 s". */
    what, deadline) {
        super(`${what}; ${deadline.describe()} ran out`);
        this.what = what;
        this.deadline = deadline;
        this.name = 'DeadlineError';
    }
}
/**
 * The bound on the wait for an upload's answer once its body is sent: a minute, plus the time to move the
 * file once more at 10 MiB/s (an index hashes and stores a large file before it answers).
 */
function uploadAnswerTimeoutMs(size) {
    return 60_000 + Math.ceil(size / (10 * 1024 * 1024)) * 1000;
}
/** The idle bound while an upload's body is being sent: the socket taking nothing for this long is a stall. */
const UPLOAD_IDLE_TIMEOUT_MS = 120_000;
/** Whether a response is JSON (application/json or a +json type such as PEP 691's). */
function isJson(response) {
    const type = String(response.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
    return type === 'application/json' || type.endsWith('+json');
}
/** A short, single-line description of an error response for messages (HTML tags and whitespace removed). */
function responseText(response, max = 300) {
    const text = response.body
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return text.length > max ? `${text.slice(0, max)}…` : text;
}


/***/ }),

/***/ 66098:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IL: () => (/* binding */ readProjectStatus),
/* harmony export */   Qy: () => (/* binding */ displayUrl),
/* harmony export */   R2: () => (/* binding */ invalidIndexUrl),
/* harmony export */   Zk: () => (/* binding */ locateIndex),
/* harmony export */   db: () => (/* binding */ IndexError),
/* harmony export */   iJ: () => (/* binding */ readRelease)
/* harmony export */ });
/* unused harmony exports PYPI_UPLOAD_URL, TESTPYPI_UPLOAD_URL */
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(46455);
/* harmony import */ var _pep440_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(80936);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(62211);
// What a package index already holds for a release, read through its JSON API (/pypi/<name>/json,
// /pypi/<name>/<version>/json) or, for an index without one, its PEP 691 Simple API; and where
// PyPI, TestPyPI or another index keeps each of its APIs.



const PYPI_UPLOAD_URL = 'https://upload.pypi.org/legacy/';
const TESTPYPI_UPLOAD_URL = 'https://test.pypi.org/legacy/';
const KNOWN_INDEXES = {
    'upload.pypi.org': { name: 'PyPI', web: 'https://pypi.org' },
    'pypi.org': { name: 'PyPI', web: 'https://pypi.org' },
    'test.pypi.org': { name: 'TestPyPI', web: 'https://test.pypi.org' }
};
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Why `text` cannot be an index URL (credentials are never echoed back); undefined when it can. */
function invalidIndexUrl(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return 'it is not a URL (expected https://host/path/)';
    }
    if (url.username || url.password) {
        return 'it has credentials in it; give them in `username` and `password` (as secrets) instead';
    }
    if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
        return 'it is plain http://, which would send the token unencrypted; use https:// (http:// is allowed only for localhost)';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        return `its scheme ${url.protocol} is not https:`;
    if (url.search || url.hash)
        return 'it has a query or fragment';
    return undefined;
}
/** A URL for messages: never with credentials. */
function displayUrl(text) {
    try {
        const url = new URL(text);
        url.username = '';
        url.password = '';
        return url.href;
    }
    catch {
        return '(not a URL)';
    }
}
const withSlash = (url) => (url.endsWith('/') ? url : `${url}/`);
function locateIndex(uploadUrl, indexUrl) {
    const url = new URL(uploadUrl);
    const known = KNOWN_INDEXES[url.hostname];
    const web = known?.web ?? url.origin;
    return {
        name: known?.name ?? url.host,
        uploadUrl: url.href,
        oidcOrigin: url.origin,
        jsonApi: `${web}/pypi/`,
        simpleApi: indexUrl ? withSlash(indexUrl) : `${web}/simple/`,
        projectPages: known ? `${known.web}/project/` : undefined
    };
}
/** An index that cannot be read or does not answer as an index: the message says what to check. */
class IndexError extends Error {
    constructor(message) {
        super(message);
        this.name = 'IndexError';
    }
}
const JSON_ACCEPT = { Accept: 'application/json' };
const SIMPLE_ACCEPT = { Accept: 'application/vnd.pypi.simple.v1+json' };
function parseJson(response, url, what) {
    if (!(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isJson */ .Fh)(response)) {
        const type = String(response.headers['content-type'] ?? 'no content type');
        throw new IndexError(`${url} answered ${type} instead of JSON (${(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .responseText */ .x)(response, 120) || 'empty'}): it is not ${what}. ` +
            "Check 'repository-url' (an index's upload URL, such as https://upload.pypi.org/legacy/) and 'index-url'.");
    }
    try {
        return JSON.parse(response.body);
    }
    catch (error) {
        throw new IndexError(`${url} answered invalid JSON: ${error.message}`);
    }
}
function unexpected(response, url) {
    const detail = (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .responseText */ .x)(response, 200);
    return new IndexError(`${url} answered HTTP ${response.status}${response.reason ? ` ${response.reason}` : ''}${detail ? `: ${detail}` : ''}`);
}
/** The JSON API's file entries (warehouse's shape: digests.sha256, url, upload_time_iso_8601). */
function jsonFiles(entries) {
    if (!Array.isArray(entries))
        return [];
    return entries.map((entry) => ({
        filename: String(entry.filename),
        sha256: String(entry.digests?.sha256 ?? ''),
        url: String(entry.url),
        uploadTime: entry.upload_time_iso_8601 ? new Date(entry.upload_time_iso_8601) : undefined
    }));
}
/** The version in a distribution filename (wheel or sdist); undefined when it has none. */
function filenameVersion(filename) {
    if (filename.endsWith('.whl'))
        return filename.split('-')[1];
    const sdist = /^(.+)-([^-]+)\.(tar\.gz|zip|tar\.bz2|tgz)$/.exec(filename);
    return sdist?.[2];
}
async function readFromSimple(index, project, version, logger, policy, deadline) {
    const url = `${index.simpleApi}${(0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeName */ .P)(project)}/`;
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .getWithRetries */ .Te)(url, { headers: SIMPLE_ACCEPT, deadline }, logger, policy);
    if (response.status === 404)
        return undefined;
    if (response.status !== 200)
        throw unexpected(response, url);
    if (!(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isJson */ .Fh)(response)) {
        throw new IndexError(`${url} answers only HTML, not PEP 691's JSON; this index's files cannot be checked. Use an index with a JSON or PEP 691 API.`);
    }
    const body = parseJson(response, url, 'a PEP 691 Simple API');
    const files = (Array.isArray(body.files) ? body.files : [])
        .filter((entry) => {
        const fileVersion = filenameVersion(String(entry.filename));
        return fileVersion !== undefined && (0,_pep440_js__WEBPACK_IMPORTED_MODULE_0__/* .parseVersion */ .ot)(fileVersion) !== undefined && (0,_pep440_js__WEBPACK_IMPORTED_MODULE_0__/* .versionsEqual */ .At)(fileVersion, version);
    })
        .map((entry) => ({
        filename: String(entry.filename),
        sha256: String(entry.hashes?.sha256 ?? ''),
        url: new URL(String(entry.url), url).href,
        uploadTime: entry['upload-time'] ? new Date(entry['upload-time']) : undefined
    }));
    const versions = Array.isArray(body.versions) ? body.versions.filter((v) => typeof v === 'string' && (0,_pep440_js__WEBPACK_IMPORTED_MODULE_0__/* .parseVersion */ .ot)(v)) : [];
    const latest = versions.sort(_pep440_js__WEBPACK_IMPORTED_MODULE_0__/* .compareVersions */ .Zy).at(-1);
    return { files, latest };
}
/**
 * What the index holds of `project` at `version`. The JSON API first; when it does not know the
 * project, the Simple API (an index without a JSON API, or a project it does not list there).
 */
async function readRelease(index, project, version, logger, policy = _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI, 
/** The publish deadline, when reading while publishing. */
deadline) {
    const projectUrl = `${index.jsonApi}${encodeURIComponent(project)}/json`;
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .getWithRetries */ .Te)(projectUrl, { headers: JSON_ACCEPT, deadline }, logger, policy);
    if (response.status === 404) {
        return (await readFromSimple(index, project, version, logger, policy, deadline)) ?? { files: [], latest: undefined };
    }
    if (response.status !== 200)
        throw unexpected(response, projectUrl);
    const body = parseJson(response, projectUrl, "a package index's JSON API");
    const latest = typeof body.info?.version === 'string' ? body.info.version : undefined;
    const releaseUrl = `${index.jsonApi}${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`;
    const release = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .getWithRetries */ .Te)(releaseUrl, { headers: JSON_ACCEPT, deadline }, logger, policy);
    if (release.status === 404)
        return { files: [], latest };
    if (release.status !== 200)
        throw unexpected(release, releaseUrl);
    return { files: jsonFiles(parseJson(release, releaseUrl, "a package index's JSON API").urls), latest };
}
/**
 * The project's PEP 792 status marker, from the Simple API's JSON (`project-status`, API version 1.4; warehouse
 * sets it in packaging/utils.py:78); undefined when the index does not say (no JSON, an older API, no such project).
 */
async function readProjectStatus(index, project, logger, policy = _http_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY */ .vI, deadline) {
    const url = `${index.simpleApi}${(0,_names_js__WEBPACK_IMPORTED_MODULE_2__/* .normalizeName */ .P)(project)}/`;
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .getWithRetries */ .Te)(url, { headers: SIMPLE_ACCEPT, deadline }, logger, policy);
    if (response.status !== 200 || !(0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .isJson */ .Fh)(response))
        return undefined;
    let body;
    try {
        body = JSON.parse(response.body);
    }
    catch {
        return undefined;
    }
    const marker = body?.['project-status'];
    const status = String(marker?.status ?? '');
    if (!['active', 'archived', 'quarantined', 'deprecated'].includes(status))
        return undefined;
    const reason = typeof marker.reason === 'string' && marker.reason.trim() !== '' ? marker.reason : undefined;
    return { status: status, ...(reason ? { reason } : {}) };
}


/***/ }),

/***/ 3440:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Rj: () => (/* binding */ isDistribution),
/* harmony export */   v1: () => (/* binding */ originManifestName),
/* harmony export */   vf: () => (/* binding */ SUMS),
/* harmony export */   vn: () => (/* binding */ LocalTarget)
/* harmony export */ });
/* unused harmony exports TEMP_NAME, STALE_TEMP_MS, preflightLocal, placing, publishLocal */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(46466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__nccwpck_require__.n(node_url__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(38522);
/* harmony import */ var _build_digest_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(24726);
/* harmony import */ var _build_manifest_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(52691);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_11__ = __nccwpck_require__(46455);
/* harmony import */ var _existing_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(97194);
/* harmony import */ var _origin_js__WEBPACK_IMPORTED_MODULE_10__ = __nccwpck_require__(23109);
// The `local` target: a directory of release files with a SHA256SUMS, safe to re-run.
// A file already there is kept when it is the same release (byte-identical, or an
// equivalent rebuild: the same archive members with the same contents) and skip-existing is
// true; any other file of the same name is a conflict, and nothing is ever overwritten. A rebuild that is
// neither (a C extension's binary, another SOURCES.txt) is kept when the release manifest this target keeps
// beside SHA256SUMS, written by an earlier run of this repository and commit, lists its very bytes (origin.ts).
// Preflight checks everything publish will do to the directory (create it, write in it, each
// destination absent or a regular file, SHA256SUMS and every file it will list), so that
// 'ready' means publish cannot fail on anything that could have been checked beforehand.












const TARGET = _types_js__WEBPACK_IMPORTED_MODULE_6__/* .DistributionTarget */ .Us.LOCAL;
const SUMS = 'SHA256SUMS';
const isDistribution = (name) => /\.(whl|tar\.gz|zip)$/.test(name);
/** The name of every temp file this target writes (and so the only kind it ever cleans up). */
const TEMP_NAME = /^\.[0-9a-f]{12}\.tmp$/;
const tempName = () => `.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`;
/**
 * A temp file untouched for this long was left by a run that died: a live run writes its temp file
 * continuously while copying and links or renames it away within milliseconds of the last byte.
 */
const STALE_TEMP_MS = 10 * 60 * 1000;
/** A failure with a message fit for the user: what, where, and what to do. */
class LocalTargetError extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
function errorCode(error) {
    return error?.code;
}
/** Paths are named in full, unless absurdly long (a path that is itself the problem). */
function shown(path) {
    return path.length > 200 ? `${path.slice(0, 120)}…${path.slice(-60)} (${path.length} characters)` : path;
}
/** The errno, in words, without the raw `ECODE: …, syscall 'path'` text. */
function reason(error) {
    const code = errorCode(error);
    switch (code) {
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'EROFS':
            return 'the file system is read-only';
        case 'ENOSPC':
            return 'no space left on the device';
        case 'EDQUOT':
            return 'the disk quota is exceeded';
        case 'ELOOP':
            return 'too many levels of symbolic links (a symbolic link loop)';
        case 'ENAMETOOLONG':
            return 'the path is too long for the file system (a name over 255 bytes, or a path over 4096)';
        case 'ENOTDIR':
            return 'a part of the path is not a directory';
        case 'EISDIR':
            return 'it is a directory';
        case 'EIO':
            return 'an input/output error';
        case undefined:
            return error.message;
        default:
            return `${code}: ${error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '')}`;
    }
}
async function statOrUndefined(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
    }
    catch (error) {
        if (errorCode(error) === 'ENOENT')
            return undefined;
        throw error;
    }
}
async function lstatOrUndefined(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(path);
    }
    catch (error) {
        if (errorCode(error) === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** What an entry that is not a regular file is, for a message; undefined for a regular file. */
async function notRegular(path, info) {
    if (info.isFile())
        return undefined;
    if (info.isSymbolicLink()) {
        const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readlink)(path).catch(() => '?');
        const resolved = await statOrUndefined(path).catch(() => undefined);
        return `a symbolic link (to ${target}${resolved ? '' : ', which does not exist'})`;
    }
    if (info.isDirectory())
        return 'a directory';
    if (info.isFIFO())
        return 'a named pipe (FIFO)';
    if (info.isSocket())
        return 'a socket';
    return 'a device file';
}
/**
 * The levels of `dir` to create, outermost first; or why `dir` cannot be a directory. Bounded: each
 * step moves to the parent, so it ends at the root at the latest.
 */
async function missingLevels(dir) {
    const input = `Input 'local-dir' (${shown(dir)})`;
    const missing = [];
    for (let level = dir;; level = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(level)) {
        let info;
        try {
            info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(level);
        }
        catch (error) {
            const code = errorCode(error);
            // ENOTDIR: an ancestor is a file; the walk up finds and names it.
            if (code !== 'ENOENT' && code !== 'ENOTDIR') {
                return `${input} cannot be used: ${reason(error)}${level === dir ? '' : ` (at ${shown(level)})`}. Choose another directory.`;
            }
            const link = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.lstat)(level).catch(() => undefined);
            if (link?.isSymbolicLink()) {
                const target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readlink)(level).catch(() => '?');
                return (`${input} cannot be created: ${shown(level)} is a symbolic link to ${target}, which does not exist. ` +
                    'Create the directory it points to, or remove the link.');
            }
            if ((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(level) === level)
                return `${input} cannot be created: the root ${level} does not exist`;
            if (code === 'ENOENT')
                missing.unshift(level);
            continue;
        }
        if (info.isDirectory())
            return missing;
        return level === dir
            ? `${input} is an existing file, not a directory`
            : `${input} cannot be created: ${shown(level)} is a file, not a directory. Choose a 'local-dir' that is not under a file.`;
    }
}
/** Creates the missing levels one by one (never a recursive mkdir, which can retry forever); the levels made. */
async function createLevels(dir, missing) {
    const created = [];
    for (const level of missing) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(level);
            created.push(level);
        }
        catch (error) {
            // Another run created it meanwhile: fine, when it is a directory.
            if (errorCode(error) === 'EEXIST' && (await statOrUndefined(level).catch(() => undefined))?.isDirectory())
                continue;
            const why = errorCode(error) === 'ENOENT' ? `the file system at ${(0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(level)} does not hold new directories` : reason(error);
            throw new LocalTargetError(`Input 'local-dir' (${shown(dir)}) cannot be created: mkdir ${shown(level)} failed: ${why}. Choose a 'local-dir' on a writable file system.`, errorCode(error));
        }
    }
    return created;
}
/** Creates `dir` if need be; a LocalTargetError saying why it cannot be. */
async function ensureDirectory(dir) {
    const missing = await missingLevels(dir);
    if (typeof missing === 'string')
        throw new LocalTargetError(missing);
    return createLevels(dir, missing);
}
/** Writes and removes a temp file in `dir`: what publish does, minus the content. */
async function probeWrite(dir) {
    const probe = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, tempName());
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(probe, '', { flag: 'wx' });
    }
    catch (error) {
        throw new LocalTargetError(`Input 'local-dir' (${shown(dir)}) is not writable: creating a file in it failed: ${reason(error)}`, errorCode(error));
    }
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(probe).catch(() => { });
}
/** Why `dir` cannot receive files, or undefined when it can. Leaves no directory it created behind. */
async function unwritable(dir) {
    // A concurrent preflight may remove a directory it created just as this one checks it: look again.
    for (let attempt = 1;; attempt++) {
        let created = [];
        try {
            created = await ensureDirectory(dir);
            await probeWrite(dir);
            return undefined;
        }
        catch (error) {
            if (!(error instanceof LocalTargetError))
                throw error;
            if (attempt >= 3 || error.code !== 'ENOENT')
                return error.message;
        }
        finally {
            for (const level of created.reverse())
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(level).catch(() => { });
        }
    }
}
const DIFFERS = 'File already in the local directory differs';
/** The record's file name: one per project, version and commit (never shared by two commits' runs), not a distribution (SHA256SUMS lists none). */
function originManifestName(project, version, origin) {
    return (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .manifestFileName */ .V6)(`${(0,_names_js__WEBPACK_IMPORTED_MODULE_11__/* .normalizeName */ .P)(project).replace(/-/g, '_')}-${version}.${origin.sha.slice(0, 12)}`);
}
/** Reads the record of this origin's release in `dir`, if any; never throws. */
async function readRecord(dir, artifacts, origin) {
    const first = artifacts[0];
    const name = originManifestName(first.metadata.name, first.metadata.version, origin);
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
    try {
        if (!(await lstatOrUndefined(path)))
            return { origin, name, held: 'absent' };
        const manifest = (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .parseManifest */ .Ng)(await (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .readManifestFile */ .oe)(path, name), name);
        if (!(0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .sameOrigin */ .Nm)(manifest.source, origin)) {
            const other = manifest.source.sha ? (0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .describeOrigin */ .uN)({ repository: manifest.source.repository, sha: manifest.source.sha }) : 'no commit';
            return { origin, name, held: { not: `it names ${other}, not ${(0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .describeOrigin */ .uN)(origin)}` } };
        }
        return { origin, name, held: manifest };
    }
    catch (error) {
        return { origin, name, held: { not: error instanceof Error && error.name === 'ManifestError' ? error.message : reason(error) } };
    }
}
/** The evidence that the file at `destination` is this origin's earlier upload, or undefined: the record lists its name, size and sha256. */
async function recordedEvidence(artifact, destination, size, recorded) {
    if (!recorded || typeof recorded.held !== 'object' || 'not' in recorded.held)
        return undefined;
    if (!recorded.held.files.some(file => file.filename === artifact.filename && file.size === size))
        return undefined;
    const sha256 = await (0,_build_digest_js__WEBPACK_IMPORTED_MODULE_7__/* .sha256File */ .Q3)(destination).catch(() => undefined);
    if (sha256 === undefined || !(0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .recordLists */ .jz)(recorded.held, { filename: artifact.filename, size, sha256 }))
        return undefined;
    return `${recorded.name} beside ${SUMS} lists this file's sha256 ${sha256.slice(0, 12)}…`;
}
/** What to do with one file; a conflict message when the file in place is another release or in the way. */
async function plan(artifact, destination, skipExisting, recorded) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(destination);
    let info;
    try {
        info = await lstatOrUndefined(destination);
    }
    catch (error) {
        return { conflict: `${shown(destination)} cannot be checked: ${reason(error)}`, title: 'Local directory not ready' };
    }
    if (!info)
        return { artifact, action: 'upload', destination };
    const what = await notRegular(destination, info);
    if (what) {
        return {
            conflict: `${shown(destination)} is ${what}, where the release file ${artifact.filename} goes. The local target writes only regular files and replaces nothing: remove it.`,
            title: 'Local directory not ready'
        };
    }
    let sha256;
    try {
        // A file of another size cannot be identical: only its members are compared.
        sha256 = info.size === artifact.size ? await (0,_build_digest_js__WEBPACK_IMPORTED_MODULE_7__/* .sha256File */ .Q3)(destination) : undefined;
    }
    catch (error) {
        return { conflict: `${artifact.filename} already exists in ${shown(dir)} and cannot be read: ${reason(error)}`, title: 'Local directory not ready' };
    }
    const held = await (0,_existing_js__WEBPACK_IMPORTED_MODULE_9__/* .compareExisting */ .xE)(artifact, { sha256, path: destination });
    if (held.verdict === 'identical') {
        if (skipExisting)
            return { artifact, action: 'skip-identical', destination };
        return {
            conflict: `${artifact.filename} already exists in ${shown(dir)}, identical to this build (the same sha256), and skip-existing is false. ` +
                'Set skip-existing: true to keep it (a re-run then completes the release), or release a new version.',
            title: 'File already in the local directory'
        };
    }
    if (held.verdict === 'equivalent') {
        if (skipExisting)
            return { artifact, action: 'skip-equivalent', destination };
        return {
            conflict: `${artifact.filename} already exists in ${shown(dir)} as an equivalent rebuild (the same archive members, other timestamps), and skip-existing is false. ` +
                'Set skip-existing: true to keep it, or release a new version.',
            title: 'File already in the local directory'
        };
    }
    // Bytes and members differ: an earlier run of this very release (same repository, same commit) may have placed it.
    const evidence = skipExisting ? await recordedEvidence(artifact, destination, info.size, recorded) : undefined;
    if (evidence && recorded)
        return { artifact, action: 'skip-origin', destination, kept: (0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .keptByOrigin */ .oG)(artifact.filename, recorded.origin, evidence) };
    if (held.unreadable !== undefined) {
        return { conflict: `${artifact.filename} already exists in ${shown(dir)} and is not a readable archive (${held.unreadable})`, title: DIFFERS };
    }
    return {
        conflict: `${artifact.filename} already exists in ${shown(dir)} with different content: ${held.differences}. ` +
            'It is another release of the same version and is left as it is; release a new version or remove the file.',
        title: DIFFERS
    };
}
/**
 * The checks on the directory's other entries that publish relies on: SHA256SUMS absent or a regular
 * file, and every distribution file it will list readable. Entries that are no regular file are not
 * listed (a warning). A conflict per problem.
 */
async function checkListing(dir, artifacts, recorded) {
    const conflicts = [];
    const warnings = [];
    let names;
    try {
        names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir);
    }
    catch (error) {
        if (errorCode(error) === 'ENOENT')
            return { conflicts, warnings }; // created by publish, empty
        return { conflicts: [{ conflict: `Input 'local-dir' (${shown(dir)}) cannot be listed: ${reason(error)}`, title: "Invalid input 'local-dir'" }], warnings };
    }
    const ours = new Set(artifacts.map(artifact => artifact.filename));
    const sumsPath = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, SUMS);
    const sums = await lstatOrUndefined(sumsPath).catch(() => undefined);
    const sumsKind = sums && (await notRegular(sumsPath, sums));
    if (sumsKind) {
        conflicts.push({
            conflict: `${shown(sumsPath)} is ${sumsKind}; the local target writes ${SUMS} as a regular file and replaces nothing else: remove it.`,
            title: 'Local directory not ready'
        });
    }
    if (recorded) {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, recorded.name);
        const info = await lstatOrUndefined(path).catch(() => undefined);
        const kind = info && (await notRegular(path, info));
        if (kind) {
            conflicts.push({
                conflict: `${shown(path)} is ${kind}; the local target keeps this release's manifest there as a regular file and replaces nothing else: remove it.`,
                title: 'Local directory not ready'
            });
        }
    }
    for (const name of names) {
        if (!isDistribution(name) || name.startsWith('.') || ours.has(name))
            continue;
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name);
        const listed = await listable(path).catch((error) => error);
        if (listed instanceof Error) {
            conflicts.push({
                conflict: `${shown(path)} cannot be read (${reason(listed)}); ${SUMS} lists every distribution file in the directory: make it readable or remove it.`,
                title: 'Local directory not ready'
            });
        }
        else if (listed !== true) {
            warnings.push({ level: 'warning', title: `Not listed in ${SUMS}`, message: `${shown(path)} is ${listed}, not a regular file; ${SUMS} will not list it.` });
        }
    }
    return { conflicts, warnings };
}
/**
 * An open regular file (a symbolic link followed), opened without blocking on a pipe; else what the
 * entry is instead (SHA256SUMS does not list it). Throws when a regular file cannot be read.
 */
async function openRegular(path) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_RDONLY | node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.O_NONBLOCK);
    }
    catch (error) {
        const code = errorCode(error);
        if (code === 'ELOOP')
            return 'a symbolic link loop';
        if (code !== 'ENOENT')
            throw error;
        const info = await lstatOrUndefined(path);
        return (info && (await notRegular(path, info))) ?? 'gone';
    }
    const info = await handle.stat();
    if (info.isFile())
        return handle;
    await handle.close();
    const link = await lstatOrUndefined(path);
    const kind = (await notRegular(path, info)) ?? 'not a regular file';
    return link?.isSymbolicLink() ? `a symbolic link to ${kind}` : kind;
}
/** True for a readable regular file, else what it is; throws when it cannot be read. */
async function listable(path) {
    const opened = await openRegular(path);
    if (typeof opened === 'string')
        return opened;
    await opened.close();
    return true;
}
async function preflightLocal(dir, artifacts, skipExisting = _existing_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_SKIP_EXISTING */ ._G, origin) {
    const notReady = (message, annotations) => ({ target: TARGET, ready: false, message, files: [], annotations });
    try {
        const problem = await unwritable(dir);
        if (problem)
            return notReady(problem, [{ level: 'error', title: "Invalid input 'local-dir'", message: problem }]);
        if (artifacts.length === 0)
            return notReady('there are no built files to publish (the build stage did not run)', []);
        const recorded = origin ? await readRecord(dir, artifacts, origin) : undefined;
        // Every file is examined, so one run shows every conflict.
        const outcomes = await Promise.all(artifacts.map(artifact => plan(artifact, (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, artifact.filename), skipExisting, recorded)));
        const listing = await checkListing(dir, artifacts, recorded);
        const conflicts = [...outcomes.flatMap(outcome => ('conflict' in outcome ? [outcome] : [])), ...listing.conflicts];
        if (conflicts.length > 0) {
            return notReady(conflicts.map(c => c.conflict).join('\n'), [
                ...conflicts.map(({ conflict, title }) => ({ level: 'error', title, message: conflict })),
                ...listing.warnings
            ]);
        }
        const files = outcomes;
        const kept = files.flatMap(file => file.kept ? [{ level: 'notice', title: 'Kept in the local directory', message: file.kept }] : []);
        const uploads = files.filter(file => file.action === 'upload').length;
        const message = uploads > 0
            ? `ready: ${uploads} of ${files.length} files to publish to ${dir}`
            : `ready: nothing to publish, all ${files.length} files already in place in ${dir}`;
        return { target: TARGET, ready: true, message, files, annotations: [...kept, ...listing.warnings] };
    }
    catch (error) {
        const message = `the local directory ${shown(dir)} could not be checked: ${reason(error)}`;
        return notReady(message, [{ level: 'error', title: 'Local directory not ready', message }]);
    }
}
/**
 * The calls that place files, swappable by tests that inject what another OS or filesystem answers: EXDEV
 * or EPERM from link() (no hard links: FAT, some network shares, Windows without the right), EPERM, EACCES
 * or EBUSY from rename() (Windows: the file being replaced is open in another process, an indexer or a
 * virus scanner, for a moment).
 */
const placing = { link: node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link, rename: node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename };
/** Windows refuses a rename over a file another process holds open: it usually lets go within moments. */
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_ATTEMPTS = 6;
async function renameRetrying(from, to) {
    for (let attempt = 1;; attempt++) {
        try {
            return await placing.rename(from, to);
        }
        catch (error) {
            if (!BUSY.has(errorCode(error) ?? '') || attempt === RENAME_ATTEMPTS)
                throw error;
            await new Promise(resolve => setTimeout(resolve, 25 * 2 ** attempt));
        }
    }
}
async function removeQuietly(path) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(path).catch(() => { });
}
/**
 * Copies into a temp file beside the destination, then links it into place: never over an existing
 * file, never a partial file under the final name. 'placed', or 'present' when another run placed the
 * same release file meanwhile; a LocalTargetError when it placed another.
 */
async function placeAtomically(artifact, destination) {
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(destination), tempName());
    try {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.copyFile)(artifact.path, temp, node_fs__WEBPACK_IMPORTED_MODULE_1__.constants.COPYFILE_EXCL);
            // The build writes private temp files (0600); a published release is readable by all.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(temp, 0o644);
        }
        catch (error) {
            throw new LocalTargetError(`copying ${artifact.filename} into ${shown((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(destination))} failed: ${reason(error)}`);
        }
        try {
            await placing.link(temp, destination);
            return 'placed';
        }
        catch (error) {
            const code = errorCode(error);
            if (code === 'EEXIST')
                return await arrivedMeanwhile(artifact, destination);
            if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') {
                throw new LocalTargetError(`placing ${artifact.filename} at ${shown(destination)} failed: ${reason(error)}`);
            }
        }
        // A filesystem without hard links: re-check, then rename (atomic, but could race).
        if (await lstatOrUndefined(destination))
            return await arrivedMeanwhile(artifact, destination);
        try {
            await renameRetrying(temp, destination);
        }
        catch (error) {
            throw new LocalTargetError(`placing ${artifact.filename} at ${shown(destination)} failed: ${reason(error)}`);
        }
        return 'placed';
    }
    finally {
        await removeQuietly(temp);
    }
}
/** A file appeared at `destination` after preflight (a concurrent run): done when it is this release. */
async function arrivedMeanwhile(artifact, destination) {
    const outcome = await plan(artifact, destination, true);
    if (!('conflict' in outcome))
        return 'present';
    if (outcome.title !== DIFFERS)
        throw new LocalTargetError(`after preflight, ${outcome.conflict}`);
    throw new LocalTargetError(`another run published a different ${artifact.filename} in ${shown((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(destination))} at the same time; it is left as it is. ${outcome.conflict}`);
}
async function writeAtomically(path, content) {
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.dirname)(path), tempName());
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(temp, content, { flag: 'wx', mode: 0o644 });
        const info = await lstatOrUndefined(path);
        const what = info && (await notRegular(path, info));
        if (what)
            throw new LocalTargetError(`${shown(path)} is ${what}; it is not replaced: remove it, and run again to write ${SUMS}.`);
        await renameRetrying(temp, path);
    }
    catch (error) {
        if (error instanceof LocalTargetError)
            throw error;
        throw new LocalTargetError(`writing ${shown(path)} failed: ${reason(error)}`);
    }
    finally {
        await removeQuietly(temp);
    }
}
/** sha256 of a regular file (a symbolic link followed), read without blocking on a pipe; undefined for anything else. */
async function sha256Regular(path) {
    const handle = await openRegular(path);
    if (typeof handle === 'string')
        return undefined;
    try {
        const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_4__.pipeline)(handle.createReadStream({ autoClose: false }), hash);
        return hash.digest('hex');
    }
    finally {
        await handle.close();
    }
}
/** SHA256SUMS's content for the directory as it stands: every regular distribution file, sorted by name. */
async function sumsContent(dir, known) {
    const names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir)).filter(name => isDistribution(name) && !name.startsWith('.')).sort();
    const lines = await Promise.all(names.map(async (name) => {
        let digest = known.get(name);
        if (!digest) {
            try {
                digest = await sha256Regular((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name));
            }
            catch (error) {
                throw new LocalTargetError(`${shown((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name))} cannot be read for ${SUMS}: ${reason(error)}`);
            }
            if (digest)
                known.set(name, digest);
        }
        return digest ? `${digest}  ${name}\n` : '';
    }));
    return lines.join('');
}
/**
 * SHA256SUMS in `sha256sum` format for every distribution file in the directory as it stands,
 * sorted by name; rewritten only when it changes. Digests known from this release are reused. A run
 * publishing into the same directory at the same time may write it from an older listing, so after
 * each write the directory is listed and the file read back again: the last writer always checks its
 * write against a listing made after it, and a file placed later is listed by its own run's check.
 * Only a conflict waits (a little longer each time) before the next look.
 */
async function updateSums(dir, known) {
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, SUMS);
    for (let attempt = 0; attempt <= 5; attempt++) {
        const content = await sumsContent(dir, known);
        const current = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(path, 'utf8').catch(() => undefined);
        if (current === content)
            return;
        // a second write means another run wrote in between: let it finish before looking again
        if (attempt > 0)
            await new Promise(resolve => setTimeout(resolve, 20 * attempt));
        await writeAtomically(path, content);
    }
}
/**
 * Records this origin's release beside SHA256SUMS: the release manifest, listing what an earlier run of the same
 * origin recorded and, over it, every file this run places or finds byte-identical (the bytes it vouches for). A
 * file kept as an equivalent rebuild is not listed: another commit may have placed it. Written before the files
 * are placed (a run that dies in between leaves a record of bytes not there, which vouches for nothing), atomically,
 * and never over another origin's record. Returns what was not recorded and why, or undefined.
 */
async function writeRecord(dir, preflight, record) {
    const artifacts = preflight.files.map(file => file.artifact);
    if (artifacts.length === 0)
        return undefined;
    const recorded = await readRecord(dir, artifacts, record.origin);
    if (typeof recorded.held === 'object' && 'not' in recorded.held)
        return `${recorded.name} was left as it is: ${recorded.held.not}`;
    const vouched = preflight.files.filter(file => file.action === 'upload' || file.action === 'skip-identical').map(file => file.artifact);
    if (vouched.length === 0)
        return undefined; // every file kept as it is: the record (if any) stays as it is
    const text = (0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .mergedRecord */ .uU)(recorded.held === 'absent' ? undefined : recorded.held, record.manifest(vouched));
    if (text === undefined)
        return undefined;
    (0,_build_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .parseManifest */ .Ng)(text, recorded.name);
    await writeAtomically((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, recorded.name), text);
    return undefined;
}
/** Removes this target's own temp files that a killed run left; a live run's are recent and stay. The number removed. */
async function removeStaleTemps(dir, now = Date.now()) {
    let removed = 0;
    for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir)) {
        if (!TEMP_NAME.test(name))
            continue;
        const info = await lstatOrUndefined((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name)).catch(() => undefined);
        if (!info?.isFile() || now - info.mtimeMs < STALE_TEMP_MS)
            continue;
        if (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name)).then(() => true, () => false))
            removed++;
    }
    return removed;
}
async function publishLocal(preflight, dir, record) {
    const url = (0,node_url__WEBPACK_IMPORTED_MODULE_5__.pathToFileURL)(dir).href;
    const files = preflight.files.map(file => file.artifact.filename);
    const known = new Map();
    const uploaded = [];
    const skipped = preflight.files.filter(file => file.action !== 'upload').map(file => file.artifact.filename);
    let copied = 0;
    let concurrent = 0;
    let cleaned = 0;
    let unrecorded;
    try {
        await ensureDirectory(dir);
        cleaned = await removeStaleTemps(dir);
        if (record)
            unrecorded = await writeRecord(dir, preflight, record);
        for (const file of preflight.files) {
            if (file.action === 'upload') {
                if ((await placeAtomically(file.artifact, file.destination)) === 'placed') {
                    uploaded.push(file.artifact.filename);
                    copied++;
                }
                else {
                    skipped.push(file.artifact.filename);
                    concurrent++;
                    continue; // the file in place may be an equivalent rebuild: its digest is read from disk
                }
            }
            // A file kept as an equivalent rebuild or by its origin stays as it is, with its own digest (computed from disk).
            if (file.action === 'upload' || file.action === 'skip-identical')
                known.set(file.artifact.filename, file.artifact.sha256);
        }
        await updateSums(dir, known);
    }
    catch (error) {
        const why = error instanceof LocalTargetError ? error.message : reason(error);
        const message = `copying to ${shown(dir)} failed after ${copied} of ${files.length} files: ${why}`;
        return { target: TARGET, status: 'failed', url, message, files: [], uploaded, skipped };
    }
    const equivalent = preflight.files.filter(file => file.action === 'skip-equivalent').length;
    const own = preflight.files.filter(file => file.action === 'skip-origin').length;
    const notes = [
        equivalent > 0 ? `${equivalent} kept as an equivalent rebuild` : '',
        own > 0 && record ? `${own} kept as uploaded by an earlier run of ${(0,_origin_js__WEBPACK_IMPORTED_MODULE_10__/* .describeOrigin */ .uN)(record.origin)}` : '',
        unrecorded ? `this release's origin not recorded: ${unrecorded}` : '',
        concurrent > 0 ? `${concurrent} published by another run at the same time` : '',
        cleaned > 0 ? `removed ${cleaned} temp file${cleaned === 1 ? '' : 's'} an interrupted run left` : ''
    ].filter(Boolean);
    const kept = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return copied > 0
        ? { target: TARGET, status: 'published', url, message: `${copied} of ${files.length} files published to ${dir}${kept}`, files, uploaded, skipped }
        : { target: TARGET, status: 'skipped', url, message: `all ${files.length} files already in place in ${dir}${kept}`, files, uploaded, skipped };
}
/** The local target behind the PublishTarget interface: nothing is drafted, so nothing to finalize or undo. */
class LocalTarget {
    dir;
    skipExisting;
    record;
    constructor(
    /** Absolute directory ('local-dir'). */
    dir, skipExisting = _existing_js__WEBPACK_IMPORTED_MODULE_9__/* .DEFAULT_SKIP_EXISTING */ ._G, 
    /** This release's origin and its manifest (origin.ts); undefined when no commit can be named: bytes alone decide then. */
    record) {
        this.dir = dir;
        this.skipExisting = skipExisting;
        this.record = record;
    }
    preflight(artifacts) {
        return preflightLocal(this.dir, artifacts, this.skipExisting, this.record?.origin);
    }
    publish(preflight) {
        return publishLocal(preflight, this.dir, this.record);
    }
    async finalize(result) {
        return result;
    }
    async abandon() { }
}


/***/ }),

/***/ 23109:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Nm: () => (/* binding */ sameOrigin),
/* harmony export */   Q9: () => (/* binding */ releaseOrigin),
/* harmony export */   jz: () => (/* binding */ recordLists),
/* harmony export */   oG: () => (/* binding */ keptByOrigin),
/* harmony export */   uN: () => (/* binding */ describeOrigin),
/* harmony export */   uU: () => (/* binding */ mergedRecord)
/* harmony export */ });
/* harmony import */ var _git_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(71243);

/**
 * The origin of the release this run publishes, or undefined when it cannot be named (then only bytes decide):
 * - a job that received files built elsewhere (split build and publish): the commit their release manifests agree
 *   on (received.ts) — the files are that commit's, whichever commit this job runs at — in this repository; none
 *   when no manifest names a commit;
 * - a runner (GITHUB_SHA set): GITHUB_REPOSITORY at GITHUB_SHA, the commit the job checked out and built;
 * - a local command-line run: the project's git HEAD, with no repository, and only when its tracked files are as
 *   committed (uncommitted changes make files that are no commit's; untracked files such as a 'local-dir' inside
 *   the project do not count). A runner's record and a local run's never match each other (repository differs).
 */
async function releaseOrigin(env, 
/** received: this job publishes files another job built; commit: the commit their manifests agree on, if any. */
files, projectDir) {
    // received files no manifest vouches for (cibuildwheel's) are no known commit's: bytes alone decide for them
    if (files.received)
        return files.commit ? { repository: env.repository ?? null, sha: files.commit } : undefined;
    if (env.sha)
        return { repository: env.repository ?? null, sha: env.sha };
    const head = await (0,_git_js__WEBPACK_IMPORTED_MODULE_0__/* .cleanHeadCommit */ .N0)(projectDir);
    return head ? { repository: null, sha: head } : undefined;
}
/** Whether a recorded source (a manifest's, a certificate's) names this origin: the same commit of the same repository. */
function sameOrigin(recorded, origin) {
    // GitHub's owner and repository names are case-insensitive
    return (recorded.sha !== null && recorded.sha.toLowerCase() === origin.sha.toLowerCase() && recorded.repository?.toLowerCase() === origin.repository?.toLowerCase());
}
/** The origin in a message: owner/repo@<12 digits of the commit>. */
function describeOrigin(origin) {
    return `${origin.repository ?? 'this checkout'}@${origin.sha.slice(0, 12)}`;
}
/** What a target says of a file it keeps on the strength of its origin. */
function keptByOrigin(filename, origin, evidence) {
    return `${filename} kept: uploaded by an earlier run of ${describeOrigin(origin)} (${evidence})`;
}
/** The evidence a record (a release manifest of this origin) gives for a file of this name, size and sha256: whether it lists it so. */
function recordLists(record, file) {
    return record.files.some(entry => entry.filename === file.filename && entry.size === file.size && entry.sha256 === file.sha256);
}
/**
 * The record a target keeps after this run: what an earlier run of the same origin recorded, with every file this run
 * vouches for (uploads it, or finds byte-identical) over it. Files kept as an equivalent rebuild are not listed:
 * another commit may have placed them. JSON text, as manifest.ts writes a manifest, its files in name order; undefined when
 * the earlier record already lists every file vouched for.
 */
function mergedRecord(earlier, vouched) {
    // a re-run that vouches for nothing new leaves the record as it is (a re-run changes nothing)
    if (earlier && vouched.files.every(file => recordLists(earlier, file)))
        return undefined;
    const names = new Set(vouched.files.map(file => file.filename));
    const files = [...(earlier?.files ?? []).filter(file => !names.has(file.filename)), ...vouched.files].sort((a, b) => (a.filename < b.filename ? -1 : 1));
    return `${JSON.stringify({ ...vouched, files }, null, 2)}\n`;
}


/***/ }),

/***/ 73606:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   u: () => (/* binding */ trace)
/* harmony export */ });
/* unused harmony export startTrace */
// PYTHON_RELEASE_TRACE=1: one `trace: <milestone> at <ms> ms` log line per milestone of a run (the bundle
// loaded, each stage's start and end, the build's commands), the time counted from the process's start
// (performance.now()). bench:pipeline reads them to say where a run's time goes. The line is written
// when the milestone passes, not through a stage's buffered log (early.ts), so the times are true even
// for the build that runs alongside certify; off, a milestone costs one comparison.
let sink;
/** Turns tracing on: every later milestone is written to `write` (main.ts: the log). */
function startTrace(write) {
    sink = write;
    // what the event loop still held after the report shows as the time from 'reported' to here
    process.once('exit', () => trace('process exit'));
}
/** Marks a milestone, when tracing is on. */
function trace(milestone) {
    sink?.(`trace: ${milestone} at ${performance.now().toFixed(1)} ms`);
}


/***/ }),

/***/ 38522:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Us: () => (/* binding */ DistributionTarget),
/* harmony export */   ZZ: () => (/* binding */ CertificationStatus),
/* harmony export */   qq: () => (/* binding */ silentLogger)
/* harmony export */ });
// The release vocabulary (SEED-release-module.md), shared by every stage.
// Stages return these; only main.ts, cli.ts and report/ turn them into output.
const silentLogger = { info: () => { }, debug: () => { } };
// ---- certify ---------------------------------------------------------------
var CertificationStatus;
(function (CertificationStatus) {
    CertificationStatus["PASS"] = "PASS";
    CertificationStatus["FAIL"] = "FAIL";
    CertificationStatus["PARTIAL"] = "PARTIAL";
})(CertificationStatus || (CertificationStatus = {}));
// ---- preflight and publish ---------------------------------------------------
var DistributionTarget;
(function (DistributionTarget) {
    DistributionTarget["PYPI"] = "pypi";
    DistributionTarget["TEST_PYPI"] = "testpypi";
    DistributionTarget["GITHUB"] = "github";
    DistributionTarget["LOCAL"] = "local";
})(DistributionTarget || (DistributionTarget = {}));


/***/ }),

/***/ 65677:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jv: () => (/* binding */ rendersAsRst),
/* harmony export */   Wd: () => (/* binding */ renderDescriptions),
/* harmony export */   rM: () => (/* binding */ withDescriptionVerdicts),
/* harmony export */   x$: () => (/* binding */ descriptionRefusal)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
// The one PyPI rule that needs Python: a long description PyPI renders as reStructuredText must render
// (warehouse/forklift/legacy.py:902-931 with warehouse/utils/readme.py: readme_renderer, use_fallback=False).
// Markdown and plain text always render there; reST fails on any docutils warning or error. The verdict is
// taken where Python is (the build job, or preflight with an interpreter) and travels in the release manifest
// to a receiving job that has none.

/** warehouse/utils/readme.py: the renderer for a content type, after EmailMessage's parsing (anything unknown: text/plain). */
function rendersAsRst(contentType) {
    if (contentType === undefined || contentType.trim() === '')
        return true;
    // email.message.get_content_type(): the type/subtype lower-cased, or text/plain when the value has no '/'
    const main = contentType.split(';')[0].trim().toLowerCase();
    return main === 'text/x-rst';
}
/** PyPI's refusal for a description that does not render (legacy.py:911-931), or undefined when it would render. */
function descriptionRefusal(contentType, verdict) {
    if (verdict.renders)
        return undefined;
    const message = contentType
        ? `The description failed to render for '${contentType}'.`
        : 'The description failed to render in the default format of reStructuredText.';
    return `${message} See https://pypi.org/help/#description-content-type for more information.`;
}
// Renders every description given on stdin (a JSON list) as warehouse does; prints a JSON list of verdicts.
const RENDER = String.raw `
import io, json, sys
texts = json.load(sys.stdin)
try:
    import readme_renderer, readme_renderer.rst
    renderer = "readme_renderer " + getattr(readme_renderer, "__version__", "")
    def render(text):
        err = io.StringIO()
        out = readme_renderer.rst.render(text, stream=err)
        return out is not None, err.getvalue().strip()
except ImportError:
    try:
        import docutils, docutils.core, docutils.utils
    except ImportError:
        print(json.dumps(None)); sys.exit(0)
    renderer = "docutils " + docutils.__version__ + " (readme_renderer is not installed)"
    def render(text):
        try:
            docutils.core.publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False})
            return True, ""
        except docutils.utils.SystemMessage as e:
            return False, str(e)
print(json.dumps([dict(zip(("renders", "message"), render(t)), renderer=renderer.strip()) for t in texts]))
`;
/**
 * Renders each reST description with `python` (one interpreter for all); undefined for each when neither
 * readme_renderer nor docutils can be imported there, or the interpreter cannot run.
 */
async function renderDescriptions(python, texts) {
    if (texts.length === 0)
        return [];
    const output = await new Promise(resolve => {
        let child;
        try {
            child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(python, ['-c', RENDER], { stdio: ['pipe', 'pipe', 'ignore'] });
        }
        catch {
            return resolve(undefined);
        }
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
        child.on('error', () => resolve(undefined));
        child.on('close', code => resolve(code === 0 ? out : undefined));
        child.stdin.on('error', () => { });
        child.stdin.end(JSON.stringify(texts));
    });
    let parsed;
    try {
        parsed = output === undefined ? undefined : JSON.parse(output);
    }
    catch {
        parsed = undefined;
    }
    if (!Array.isArray(parsed) || parsed.length !== texts.length)
        return texts.map(() => undefined);
    return parsed.map((entry) => typeof entry?.renders === 'boolean'
        ? { renders: entry.renders, message: String(entry.message ?? '').slice(0, 2000), renderer: String(entry.renderer ?? '').slice(0, 100) }
        : undefined);
}
/**
 * The files with the verdict on their reST long description, rendered in one Python run (files whose description
 * is Markdown or plain text, or that already have a verdict, are returned as they are; so is every file when
 * `python` cannot render).
 */
async function withDescriptionVerdicts(python, artifacts) {
    const pending = artifacts.flatMap((artifact, i) => {
        const text = artifact.coreMetadata?.get('description')?.[0];
        const contentType = artifact.coreMetadata?.get('description-content-type')?.[0];
        return !artifact.description && text && rendersAsRst(contentType) ? [{ i, text }] : [];
    });
    if (pending.length === 0)
        return artifacts;
    const verdicts = await renderDescriptions(python, pending.map(p => p.text));
    const out = [...artifacts];
    pending.forEach(({ i }, k) => {
        const verdict = verdicts[k];
        if (verdict)
            out[i] = { ...out[i], description: verdict };
    });
    return out;
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 91943:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs/promises");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 85675:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http2");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 46193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 16141:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 16460:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers/promises");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 68898:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { valid, clean, explain, parse } = __nccwpck_require__(74818);

const { lt, le, eq, ne, ge, gt, compare, rcompare } = __nccwpck_require__(12124);

const {
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,
} = __nccwpck_require__(30790);

const { major, minor, patch, inc } = __nccwpck_require__(38940);

module.exports = {
  // version
  valid,
  clean,
  explain,
  parse,

  // operator
  lt,
  le,
  lte: le,
  eq,
  ne,
  neq: ne,
  ge,
  gte: ge,
  gt,
  compare,
  rcompare,

  // range
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,

  // semantic
  major,
  minor,
  patch,
  inc,
};


/***/ }),

/***/ 12124:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { parse } = __nccwpck_require__(74818);

module.exports = {
  compare,
  rcompare,
  lt,
  le,
  eq,
  ne,
  ge,
  gt,
  '<': lt,
  '<=': le,
  '==': eq,
  '!=': ne,
  '>=': ge,
  '>': gt,
  '===': arbitrary,
};

function lt(version, other) {
  return compare(version, other) < 0;
}

function le(version, other) {
  return compare(version, other) <= 0;
}

function eq(version, other) {
  return compare(version, other) === 0;
}

function ne(version, other) {
  return compare(version, other) !== 0;
}

function ge(version, other) {
  return compare(version, other) >= 0;
}

function gt(version, other) {
  return compare(version, other) > 0;
}

function arbitrary(version, other) {
  return version.toLowerCase() === other.toLowerCase();
}

function compare(version, other) {
  const parsedVersion = parse(version);
  const parsedOther = parse(other);

  const keyVersion = calculateKey(parsedVersion);
  const keyOther = calculateKey(parsedOther);

  return pyCompare(keyVersion, keyOther);
}

function rcompare(version, other) {
  return -compare(version, other);
}

// this logic is buitin in python, but we need to port it to js
// see https://stackoverflow.com/a/5292332/1438522
function pyCompare(elemIn, otherIn) {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) {
    return 0;
  }
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem)) {
    const len = Math.min(elem.length, other.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i], other[i]);
      if (res !== 0) {
        return res;
      }
    }
    return elem.length - other.length;
  }
  if (elem === -Infinity || other === Infinity) {
    return -1;
  }
  if (elem === Infinity || other === -Infinity) {
    return 1;
  }
  return elem < other ? -1 : 1;
}

function calculateKey(input) {
  const { epoch } = input;
  let { release, pre, post, local, dev } = input;
  // When we compare a release version, we want to compare it with all of the
  // trailing zeros removed. So we'll use a reverse the list, drop all the now
  // leading zeros until we come to something non zero, then take the rest
  // re-reverse it back into the correct order and make it a tuple and use
  // that for our sorting key.
  release = release.concat();
  release.reverse();
  while (release.length && release[0] === 0) {
    release.shift();
  }
  release.reverse();

  // We need to "trick" the sorting algorithm to put 1.0.dev0 before 1.0a0.
  // We'll do this by abusing the pre segment, but we _only_ want to do this
  // if there is !a pre or a post segment. If we have one of those then
  // the normal sorting rules will handle this case correctly.
  if (!pre && !post && dev) pre = -Infinity;
  // Versions without a pre-release (except as noted above) should sort after
  // those with one.
  else if (!pre) pre = Infinity;

  // Versions without a post segment should sort before those with one.
  if (!post) post = -Infinity;

  // Versions without a development segment should sort after those with one.
  if (!dev) dev = Infinity;

  if (!local) {
    // Versions without a local segment should sort before those with one.
    local = -Infinity;
  } else {
    // Versions with a local segment need that segment parsed to implement
    // the sorting rules in PEP440.
    // - Alpha numeric segments sort before numeric segments
    // - Alpha numeric segments sort lexicographically
    // - Numeric segments sort numerically
    // - Shorter versions sort before longer versions when the prefixes
    //   match exactly
    local = local.map((i) =>
      Number.isNaN(Number(i)) ? [-Infinity, i] : [Number(i), ''],
    );
  }

  return [epoch, release, pre, post, dev, local];
}


/***/ }),

/***/ 38940:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { explain, parse, stringify } = __nccwpck_require__(74818);

// those notation are borrowed from semver
module.exports = {
  major,
  minor,
  patch,
  inc,
};

function major(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  return version.release[0];
}

function minor(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 2) {
    return 0;
  }
  return version.release[1];
}

function patch(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 3) {
    return 0;
  }
  return version.release[2];
}

function inc(input, release, preReleaseIdentifier) {
  let identifier = preReleaseIdentifier || `a`;
  const version = parse(input);

  if (!version) {
    return null;
  }

  if (
    !['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview'].includes(
      identifier,
    )
  ) {
    return null;
  }

  switch (release) {
    case 'premajor':
      {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'preminor':
      {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prepatch':
      {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prerelease':
      if (version.pre === null) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
        version.pre = [identifier, 0];
      } else {
        if (preReleaseIdentifier === undefined && version.pre !== null) {
          [identifier] = version.pre;
        }

        const [letter, number] = version.pre;
        if (letter === identifier) {
          version.pre = [letter, number + 1];
        } else {
          version.pre = [identifier, 0];
        }
      }

      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'major':
      if (
        version.release.slice(1).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'minor':
      if (
        version.release.slice(2).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'patch':
      if (
        version.release.slice(3).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    default:
      return null;
  }

  return stringify(version);
}


/***/ }),

/***/ 30790:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// This file is dual licensed under the terms of the Apache License, Version
// 2.0, and the BSD License. See the LICENSE file in the root of this repository
// for complete details.

const { VERSION_PATTERN, explain: explainVersion } = __nccwpck_require__(74818);

const Operator = __nccwpck_require__(12124);

const RANGE_PATTERN = [
  '(?<operator>(===|~=|==|!=|<=|>=|<|>))',
  '\\s*',
  '(',
  /*  */ '(?<version>(?:' + VERSION_PATTERN.replace(/\?<\w+>/g, '?:') + '))',
  /*  */ '(?<prefix>\\.\\*)?',
  /*  */ '|',
  /*  */ '(?<legacy>[^,;\\s)]+)',
  ')',
].join('');

module.exports = {
  RANGE_PATTERN,
  parse,
  satisfies,
  filter,
  validRange,
  maxSatisfying,
  minSatisfying,
};

const isEqualityOperator = (op) => ['==', '!=', '==='].includes(op);

const rangeRegex = new RegExp('^' + RANGE_PATTERN + '$', 'i');

function parse(ranges) {
  if (!ranges.trim()) {
    return [];
  }

  const specifiers = ranges
    .split(',')
    .map((range) => rangeRegex.exec(range.trim()) || {})
    .map(({ groups }) => {
      if (!groups) {
        return null;
      }

      let { ...spec } = groups;
      const { operator, version, prefix, legacy } = groups;

      if (version) {
        spec = { ...spec, ...explainVersion(version) };
        if (operator === '~=') {
          if (spec.release.length < 2) {
            return null;
          }
        }
        if (!isEqualityOperator(operator) && spec.local) {
          return null;
        }

        if (prefix) {
          if (!isEqualityOperator(operator) || spec.dev || spec.local) {
            return null;
          }
        }
      }
      if (legacy && operator !== '===') {
        return null;
      }

      return spec;
    });

  if (specifiers.filter(Boolean).length !== specifiers.length) {
    return null;
  }

  return specifiers;
}

function filter(versions, specifier, options = {}) {
  const filtered = pick(versions, specifier, options);
  if (filtered.length === 0 && options.prereleases === undefined) {
    return pick(versions, specifier, { prereleases: true });
  }
  return filtered;
}

function maxSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[found.length - 1];
}

function minSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[0];
}

function pick(versions, specifier, options) {
  const parsed = parse(specifier);

  if (!parsed) {
    return [];
  }

  return versions.filter((version) => {
    const explained = explainVersion(version);

    if (!parsed.length) {
      return explained && !(explained.is_prerelease && !options.prereleases);
    }

    return parsed.reduce((pass, spec) => {
      if (!pass) {
        return false;
      }
      return contains({ ...spec, ...options }, { version, explained });
    }, true);
  });
}

function satisfies(version, specifier, options = {}) {
  const filtered = pick([version], specifier, options);

  return filtered.length === 1;
}

function arrayStartsWith(array, prefix) {
  if (prefix.length > array.length) {
    return false;
  }

  for (let i = 0; i < prefix.length; i += 1) {
    if (prefix[i] !== array[i]) {
      return false;
    }
  }

  return true;
}

function contains(specifier, input) {
  const { explained } = input;
  let { version } = input;
  const { ...spec } = specifier;

  if (spec.prereleases === undefined) {
    spec.prereleases = spec.is_prerelease;
  }

  if (explained && explained.is_prerelease && !spec.prereleases) {
    return false;
  }

  if (spec.operator === '~=') {
    let compatiblePrefix = spec.release.slice(0, -1).concat('*').join('.');
    if (spec.epoch) {
      compatiblePrefix = spec.epoch + '!' + compatiblePrefix;
    }
    return satisfies(version, `>=${spec.version}, ==${compatiblePrefix}`, {
      prereleases: spec.prereleases,
    });
  }

  if (spec.prefix) {
    const isMatching =
      explained.epoch === spec.epoch &&
      arrayStartsWith(explained.release, spec.release);
    const isEquality = spec.operator !== '!=';
    return isEquality ? isMatching : !isMatching;
  }

  if (explained)
    if (explained.local && spec.version) {
      version = explained.public;
      spec.version = explainVersion(spec.version).public;
    }

  if (spec.operator === '<' || spec.operator === '>') {
    // simplified version of https://www.python.org/dev/peps/pep-0440/#exclusive-ordered-comparison
    if (Operator.eq(spec.release.join('.'), explained.release.join('.'))) {
      return false;
    }
  }

  const op = Operator[spec.operator];
  return op(version, spec.version || spec.legacy);
}

function validRange(specifier) {
  return Boolean(parse(specifier));
}


/***/ }),

/***/ 74818:
/***/ ((module) => {

const VERSION_PATTERN = [
  'v?',
  '(?:',
  /* */ '(?:(?<epoch>[0-9]+)!)?', // epoch
  /* */ '(?<release>[0-9]+(?:\\.[0-9]+)*)', // release segment
  /* */ '(?<pre>', // pre-release
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))',
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_n>[0-9]+)?',
  /* */ ')?',
  /* */ '(?<post>', // post release
  /*    */ '(?:-(?<post_n1>[0-9]+))',
  /*    */ '|',
  /*    */ '(?:',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_l>post|rev|r)',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_n2>[0-9]+)?',
  /*    */ ')',
  /* */ ')?',
  /* */ '(?<dev>', // dev release
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_l>dev)',
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_n>[0-9]+)?',
  /* */ ')?',
  ')',
  '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?', // local version
].join('');

module.exports = {
  VERSION_PATTERN,
  valid,
  clean,
  explain,
  parse,
  stringify,
};

const validRegex = new RegExp('^' + VERSION_PATTERN + '$', 'i');

function valid(version) {
  return validRegex.test(version) ? version : null;
}

const cleanRegex = new RegExp('^\\s*' + VERSION_PATTERN + '\\s*$', 'i');
function clean(version) {
  return stringify(parse(version, cleanRegex));
}

function parse(version, regex) {
  // Validate the version and parse it into pieces
  const { groups } = (regex || validRegex).exec(version) || {};
  if (!groups) {
    return null;
  }

  // Store the parsed out pieces of the version
  const parsed = {
    epoch: Number(groups.epoch ? groups.epoch : 0),
    release: groups.release.split('.').map(Number),
    pre: normalize_letter_version(groups.pre_l, groups.pre_n),
    post: normalize_letter_version(
      groups.post_l,
      groups.post_n1 || groups.post_n2,
    ),
    dev: normalize_letter_version(groups.dev_l, groups.dev_n),
    local: parse_local_version(groups.local),
  };

  return parsed;
}

function stringify(parsed) {
  if (!parsed) {
    return null;
  }
  const { epoch, release, pre, post, dev, local } = parsed;
  const parts = [];

  // Epoch
  if (epoch !== 0) {
    parts.push(`${epoch}!`);
  }
  // Release segment
  parts.push(release.join('.'));

  // Pre-release
  if (pre) {
    parts.push(pre.join(''));
  }
  // Post-release
  if (post) {
    parts.push('.' + post.join(''));
  }
  // Development release
  if (dev) {
    parts.push('.' + dev.join(''));
  }
  // Local version segment
  if (local) {
    parts.push(`+${local}`);
  }
  return parts.join('');
}

function normalize_letter_version(letterIn, numberIn) {
  let letter = letterIn;
  let number = numberIn;
  if (letter) {
    // We consider there to be an implicit 0 in a pre-release if there is
    // not a numeral associated with it.
    if (!number) {
      number = 0;
    }
    // We normalize any letters to their lower case form
    letter = letter.toLowerCase();

    // We consider some words to be alternate spellings of other words and
    // in those cases we want to normalize the spellings to our preferred
    // spelling.
    if (letter === 'alpha') {
      letter = 'a';
    } else if (letter === 'beta') {
      letter = 'b';
    } else if (['c', 'pre', 'preview'].includes(letter)) {
      letter = 'rc';
    } else if (['rev', 'r'].includes(letter)) {
      letter = 'post';
    }
    return [letter, Number(number)];
  }
  if (!letter && number) {
    // We assume if we are given a number, but we are not given a letter
    // then this is using the implicit post release syntax (e.g. 1.0-1)
    letter = 'post';

    return [letter, Number(number)];
  }
  return null;
}

function parse_local_version(local) {
  /*
    Takes a string like abc.1.twelve and turns it into("abc", 1, "twelve").
    */
  if (local) {
    return local
      .split(/[._-]/)
      .map((part) =>
        Number.isNaN(Number(part)) ? part.toLowerCase() : Number(part),
      );
  }
  return null;
}

function explain(version) {
  const parsed = parse(version);
  if (!parsed) {
    return parsed;
  }
  const { epoch, release, pre, post, dev, local } = parsed;

  let base_version = '';
  if (epoch !== 0) {
    base_version += epoch + '!';
  }
  base_version += release.join('.');

  const is_prerelease = Boolean(dev || pre);
  const is_devrelease = Boolean(dev);
  const is_postrelease = Boolean(post);

  // return

  return {
    epoch,
    release,
    pre,
    post: post ? post[1] : post,
    dev: dev ? dev[1] : dev,
    local: local ? local.join('.') : local,
    public: stringify(parsed).split('+', 1)[0],
    base_version,
    is_prerelease,
    is_devrelease,
    is_postrelease,
  };
}


/***/ }),

/***/ 22876:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ exec),
  H: () => (/* binding */ getExecOutput)
});

// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(13193);
// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(70857);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(24434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(16928);
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(42613);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(79896);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return __awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_.dirname(filePath);
                        const upperName = external_path_.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new external_string_decoder_.StringDecoder('utf8');
        const stderrDecoder = new external_string_decoder_.StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map

/***/ }),

/***/ 3292:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  zx: () => (/* reexport */ TomlError),
  qg: () => (/* reexport */ parse)
});

// UNUSED EXPORTS: TomlDate, default, stringify

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/error.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/primitive.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/date.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/extract.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/util.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/struct.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/parse.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */




function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/stringify.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let BARE_KEY = /^[a-z0-9-_]+$/i;
let HAS_WELLFORMED = !!(''.isWellFormed);
function extendedTypeOf(obj) {
    let type = typeof obj;
    if (type === 'object') {
        if (Array.isArray(obj))
            return 'array';
        if (typeof obj.getUTCDate === 'function' && obj instanceof Date)
            return 'date';
        if (globalThis.Temporal) {
            if (obj.until) {
                if (obj instanceof Temporal.ZonedDateTime)
                    return 'temporal/tz+uc';
                if (obj instanceof Temporal.PlainDateTime || obj instanceof Temporal.PlainDate)
                    return 'temporal/uc';
                if (obj instanceof Temporal.PlainTime || obj instanceof Temporal.Instant)
                    return 'temporal';
                if (obj instanceof Temporal.PlainYearMonth)
                    return 'temporal/x';
            }
            else if ((obj.toPlainDate && obj instanceof Temporal.PlainMonthDay) ||
                (obj.negated && obj instanceof Temporal.Duration)) {
                return 'temporal/x';
            }
        }
    }
    return type;
}
function isArrayOfTables(obj) {
    for (let i = 0; i < obj.length; i++) {
        if (extendedTypeOf(obj[i]) !== 'object')
            return false;
    }
    return obj.length != 0;
}
function formatWellFormedStringUnchecked(s) {
    return JSON.stringify(s).replaceAll('\x7f', '\\u007f');
}
function formatString(s) {
    return formatWellFormedStringUnchecked(HAS_WELLFORMED ? s.toWellFormed() : s);
}
function formatKey(s) {
    if (BARE_KEY.test(s))
        return s;
    if (HAS_WELLFORMED && !s.isWellFormed())
        throw new RangeError('key contains illegal lone surrogates');
    return formatWellFormedStringUnchecked(s);
}
function stringifyValue(val, type, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    switch (type) {
        // @ts-expect-error -- intentional fallthrough case
        case 'number':
            if (isNaN(val))
                return 'nan';
            if (val === Infinity)
                return 'inf';
            if (val === -Infinity)
                return '-inf';
            if (Number.isInteger(val) && (numberAsFloat || !Number.isSafeInteger(val)))
                return val.toFixed(1);
        case 'bigint':
        case 'boolean':
        case 'temporal':
            return val.toString();
        case 'string':
            return formatString(val);
        case 'date':
            if (isNaN(val.getTime()))
                throw new TypeError('cannot serialize invalid date');
            return val.toISOString();
        case 'object':
            return stringifyInlineTable(val, depth, numberAsFloat, strictTemporal);
        case 'array':
            return stringifyArray(val, depth, numberAsFloat, strictTemporal);
        // @ts-expect-error -- intentional fallthrough case
        case 'temporal/tz+uc':
            if (strictTemporal) {
                let tz = val.timeZoneId;
                let tzc = tz.charCodeAt(0);
                if (
                // Classic offset
                tzc !== 0x2b /* + */ && tzc !== 0x2d /* - */ &&
                    (
                    // Fast pre-check pass; see below for the actually accepted values
                    (tzc !== 0x55 /* U */ && tzc !== 0x47 /* G */ && tzc !== 0x5a /* Z */ && tzc !== 0x45 /* E */) ||
                        (
                        // UTC and its aliases; Temporal implementations don't all canonicalise unfortunately
                        tz !== 'UTC' && tz !== 'UCT' && tz !== 'Universal' && tz !== 'Zulu' &&
                            // GMT is a TZ but it's for all intents and purposes equivalent to UTC. Safe to downgrade.
                            !tz.startsWith('GMT') && tz !== 'Greenwich' &&
                            // Etc/* are all safe to downgrade to offset (either UTC, GMT, or offset)
                            !tz.startsWith('Etc/')))) {
                    throw new TypeError('Temporal objects with an IANA timezone are not allowed in Temporal strict mode');
                }
            }
        case 'temporal/uc':
            if (strictTemporal && val.calendarId !== 'iso8601')
                throw new TypeError('Temporal objects with a non-default calendar are not allowed in Temporal strict mode');
            return val.toString({
                calendarName: 'never',
                timeZoneName: 'never',
            });
        case 'temporal/x':
            throw new TypeError('Unsupported ' + val[Symbol.toStringTag]);
    }
}
function stringifyInlineTable(obj, depth, numberAsFloat, strictTemporal) {
    let keys = Object.keys(obj);
    if (keys.length === 0)
        return '{}';
    let res = '{ ';
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (i)
            res += ', ';
        res += formatKey(k) + ' = ' + stringifyValue(obj[k], extendedTypeOf(obj[k]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' }';
}
function stringifyArray(array, depth, numberAsFloat, strictTemporal) {
    if (array.length === 0)
        return '[]';
    let res = '[ ';
    for (let i = 0; i < array.length; i++) {
        if (i)
            res += ', ';
        if (array[i] === null || array[i] === void 0) {
            throw new TypeError('arrays cannot contain null or undefined values');
        }
        res += stringifyValue(array[i], extendedTypeOf(array[i]), depth - 1, numberAsFloat, strictTemporal);
    }
    return res + ' ]';
}
function stringifyArrayTable(array, key, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let res = '';
    for (let i = 0; i < array.length; i++) {
        res += `${res && '\n'}[[${key}]]\n`;
        res += stringifyTable(0, array[i], key, depth, numberAsFloat, strictTemporal);
    }
    return res;
}
function stringifyTable(tableKey, obj, prefix, depth, numberAsFloat, strictTemporal) {
    if (depth === 0) {
        throw new Error('Could not stringify the object: maximum object depth exceeded');
    }
    let preamble = '';
    let tables = '';
    let keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
        let k = keys[i];
        if (obj[k] !== null && obj[k] !== void 0) {
            let type = extendedTypeOf(obj[k]);
            if (type === 'symbol' || type === 'function') {
                throw new TypeError(`cannot serialize values of type '${type}'`);
            }
            let key = formatKey(k);
            if (type === 'array' && isArrayOfTables(obj[k])) {
                tables += (tables && '\n') + stringifyArrayTable(obj[k], prefix ? `${prefix}.${key}` : key, depth - 1, numberAsFloat, strictTemporal);
            }
            else if (type === 'object') {
                let tblKey = prefix ? `${prefix}.${key}` : key;
                tables += (tables && '\n') + stringifyTable(tblKey, obj[k], tblKey, depth - 1, numberAsFloat, strictTemporal);
            }
            else {
                preamble += key;
                preamble += ' = ';
                preamble += stringifyValue(obj[k], type, depth, numberAsFloat, strictTemporal);
                preamble += '\n';
            }
        }
    }
    if (tableKey && (preamble || !tables)) // Create table only if necessary
        preamble = preamble ? `[${tableKey}]\n${preamble}` : `[${tableKey}]`;
    return preamble && tables
        ? `${preamble}\n${tables}`
        : preamble || tables;
}
function stringify(obj, { maxDepth = 1000, numbersAsFloat = false, strictTemporal = false } = {}) {
    if (extendedTypeOf(obj) !== 'object') {
        throw new TypeError('stringify can only be called with an object');
    }
    let str = stringifyTable(0, obj, '', maxDepth, numbersAsFloat, strictTemporal);
    if (str[str.length - 1] !== '\n')
        return str + '\n';
    return str;
}

;// CONCATENATED MODULE: ./node_modules/smol-toml/dist/index.js
/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */





/** @deprecated use `import * as ... from 'smol-toml'` instead */
/* harmony default export */ const dist = ({ parse: parse, stringify: stringify, TomlDate: TomlDate, TomlError: TomlError });


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(37318);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
