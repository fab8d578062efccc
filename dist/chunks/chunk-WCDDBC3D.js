import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  CountingStream,
  HashingStream,
  childSucceeded,
  compressCommand,
  defaultLevel,
  describeFailure,
  extractBaseBackup,
  objectExtension,
  parseZstdByteCounts,
  readFromStorage,
  runChild,
  startChild,
  storedDigest
} from "./chunk-O7OZWJAV.js";
import {
  PREFETCH_DIR
} from "./chunk-46WVK5C4.js";
import {
  asServerUser,
  isRoot,
  mapLimited,
  shellQuote
} from "./chunk-L6ERKSW4.js";
import {
  TOOL_VERSION,
  openRepository,
  readWalArea,
  requireWalArea,
  unsealBuffer,
  unsealWal,
  walAreaEncryption
} from "./chunk-PQHJTT6K.js";
import {
  formatLsn,
  parseLsn,
  parseWalFileName,
  segmentName,
  segnoBeforeLsn,
  segnoOfLsn
} from "./chunk-T2VRPRXO.js";
import {
  AUDIT_PREFIX,
  BACKUPS_PREFIX,
  DRILL_REPORTS_PREFIX,
  REPOSITORY_CONFIG_KEY,
  WAL_PREFIX,
  assertBackupId,
  auditEntryKey,
  backupIdOfKey,
  backupPrefix,
  backupReportKey,
  baseBackupManifestKey,
  baseBackupObjectKey,
  compactTimestamp,
  databaseObjectKey,
  globalsObjectKey,
  lockKey,
  manifestKey,
  newBackupId,
  verificationKey,
  verificationPrefix,
  walClusterPrefix,
  walFileNameOfKey,
  walObjectKey
} from "./chunk-GOB2Q2UI.js";
import {
  ENCRYPTED_EXTENSION,
  assertRepositoryEncryption,
  decryptStreamFor,
  resolveEncryption
} from "./chunk-BPRLA547.js";
import {
  findExecutable
} from "./chunk-PIVGSPXT.js";
import {
  parseDuration,
  restoreJobsFor
} from "./chunk-F6GGBENF.js";
import {
  external_exports
} from "./chunk-RBBVQCX6.js";
import {
  redact,
  registerSecret
} from "./chunk-XSSEYECF.js";
import {
  AuthenticationError,
  BackupNotFoundError,
  BinaryNotFoundError,
  ConfigError,
  ConnectionError,
  DatabaseNotFoundError,
  DbBackupError,
  DecryptionError,
  DumpFailedError,
  EncryptionKeyError,
  InternalError,
  InterruptedError,
  LockHeldError,
  PitrTargetError,
  RepositoryError,
  RestoreFailedError,
  RestoreTargetError,
  RetentionRefusedError,
  StorageError,
  StorageObjectExistsError,
  StorageObjectNotFoundError,
  UsageError,
  VerificationFailedError,
  VersionMismatchError
} from "./chunk-HSU6VSP5.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-6DG7BXTN.js";

// node_modules/postgres-array/index.js
var require_postgres_array = __commonJS({
  "node_modules/postgres-array/index.js"(exports) {
    "use strict";
    exports.parse = function(source, transform) {
      return new ArrayParser(source, transform).parse();
    };
    var ArrayParser = class _ArrayParser {
      constructor(source, transform) {
        this.source = source;
        this.transform = transform || identity;
        this.position = 0;
        this.entries = [];
        this.recorded = [];
        this.dimension = 0;
      }
      isEof() {
        return this.position >= this.source.length;
      }
      nextCharacter() {
        var character = this.source[this.position++];
        if (character === "\\") {
          return {
            value: this.source[this.position++],
            escaped: true
          };
        }
        return {
          value: character,
          escaped: false
        };
      }
      record(character) {
        this.recorded.push(character);
      }
      newEntry(includeEmpty) {
        var entry;
        if (this.recorded.length > 0 || includeEmpty) {
          entry = this.recorded.join("");
          if (entry === "NULL" && !includeEmpty) {
            entry = null;
          }
          if (entry !== null) entry = this.transform(entry);
          this.entries.push(entry);
          this.recorded = [];
        }
      }
      consumeDimensions() {
        if (this.source[0] === "[") {
          while (!this.isEof()) {
            var char = this.nextCharacter();
            if (char.value === "=") break;
          }
        }
      }
      parse(nested) {
        var character, parser, quote;
        this.consumeDimensions();
        while (!this.isEof()) {
          character = this.nextCharacter();
          if (character.value === "{" && !quote) {
            this.dimension++;
            if (this.dimension > 1) {
              parser = new _ArrayParser(this.source.substr(this.position - 1), this.transform);
              this.entries.push(parser.parse(true));
              this.position += parser.position - 2;
            }
          } else if (character.value === "}" && !quote) {
            this.dimension--;
            if (!this.dimension) {
              this.newEntry();
              if (nested) return this.entries;
            }
          } else if (character.value === '"' && !character.escaped) {
            if (quote) this.newEntry(true);
            quote = !quote;
          } else if (character.value === "," && !quote) {
            this.newEntry();
          } else {
            this.record(character.value);
          }
        }
        if (this.dimension !== 0) {
          throw new Error("array dimension not balanced");
        }
        return this.entries;
      }
    };
    function identity(value) {
      return value;
    }
  }
});

// node_modules/pg-types/lib/arrayParser.js
var require_arrayParser = __commonJS({
  "node_modules/pg-types/lib/arrayParser.js"(exports, module) {
    var array = require_postgres_array();
    module.exports = {
      create: function(source, transform) {
        return {
          parse: function() {
            return array.parse(source, transform);
          }
        };
      }
    };
  }
});

// node_modules/postgres-date/index.js
var require_postgres_date = __commonJS({
  "node_modules/postgres-date/index.js"(exports, module) {
    "use strict";
    var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/;
    var DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/;
    var TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/;
    var INFINITY = /^-?infinity$/;
    module.exports = function parseDate(isoDate) {
      if (INFINITY.test(isoDate)) {
        return Number(isoDate.replace("i", "I"));
      }
      var matches = DATE_TIME.exec(isoDate);
      if (!matches) {
        return getDate(isoDate) || null;
      }
      var isBC = !!matches[8];
      var year = parseInt(matches[1], 10);
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var hour = parseInt(matches[4], 10);
      var minute = parseInt(matches[5], 10);
      var second = parseInt(matches[6], 10);
      var ms = matches[7];
      ms = ms ? 1e3 * parseFloat(ms) : 0;
      var date;
      var offset = timeZoneOffset(isoDate);
      if (offset != null) {
        date = new Date(Date.UTC(year, month, day, hour, minute, second, ms));
        if (is0To99(year)) {
          date.setUTCFullYear(year);
        }
        if (offset !== 0) {
          date.setTime(date.getTime() - offset);
        }
      } else {
        date = new Date(year, month, day, hour, minute, second, ms);
        if (is0To99(year)) {
          date.setFullYear(year);
        }
      }
      return date;
    };
    function getDate(isoDate) {
      var matches = DATE.exec(isoDate);
      if (!matches) {
        return;
      }
      var year = parseInt(matches[1], 10);
      var isBC = !!matches[4];
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var date = new Date(year, month, day);
      if (is0To99(year)) {
        date.setFullYear(year);
      }
      return date;
    }
    function timeZoneOffset(isoDate) {
      if (isoDate.endsWith("+00")) {
        return 0;
      }
      var zone = TIME_ZONE.exec(isoDate.split(" ")[1]);
      if (!zone) return;
      var type = zone[1];
      if (type === "Z") {
        return 0;
      }
      var sign = type === "-" ? -1 : 1;
      var offset = parseInt(zone[2], 10) * 3600 + parseInt(zone[3] || 0, 10) * 60 + parseInt(zone[4] || 0, 10);
      return offset * sign * 1e3;
    }
    function bcYearToNegativeYear(year) {
      return -(year - 1);
    }
    function is0To99(num) {
      return num >= 0 && num < 100;
    }
  }
});

// node_modules/xtend/mutable.js
var require_mutable = __commonJS({
  "node_modules/xtend/mutable.js"(exports, module) {
    module.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend(target) {
      for (var i = 1; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source) {
          if (hasOwnProperty.call(source, key)) {
            target[key] = source[key];
          }
        }
      }
      return target;
    }
  }
});

// node_modules/postgres-interval/index.js
var require_postgres_interval = __commonJS({
  "node_modules/postgres-interval/index.js"(exports, module) {
    "use strict";
    var extend = require_mutable();
    module.exports = PostgresInterval;
    function PostgresInterval(raw) {
      if (!(this instanceof PostgresInterval)) {
        return new PostgresInterval(raw);
      }
      extend(this, parse(raw));
    }
    var properties = ["seconds", "minutes", "hours", "days", "months", "years"];
    PostgresInterval.prototype.toPostgres = function() {
      var filtered = properties.filter(this.hasOwnProperty, this);
      if (this.milliseconds && filtered.indexOf("seconds") < 0) {
        filtered.push("seconds");
      }
      if (filtered.length === 0) return "0";
      return filtered.map(function(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/\.?0+$/, "");
        }
        return value + " " + property;
      }, this).join(" ");
    };
    var propertiesISOEquivalent = {
      years: "Y",
      months: "M",
      days: "D",
      hours: "H",
      minutes: "M",
      seconds: "S"
    };
    var dateProperties = ["years", "months", "days"];
    var timeProperties = ["hours", "minutes", "seconds"];
    PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function() {
      var datePart = dateProperties.map(buildProperty, this).join("");
      var timePart = timeProperties.map(buildProperty, this).join("");
      return "P" + datePart + "T" + timePart;
      function buildProperty(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/0+$/, "");
        }
        return value + propertiesISOEquivalent[property];
      }
    };
    var NUMBER = "([+-]?\\d+)";
    var YEAR = NUMBER + "\\s+years?";
    var MONTH = NUMBER + "\\s+mons?";
    var DAY = NUMBER + "\\s+days?";
    var TIME = "([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?";
    var INTERVAL = new RegExp([YEAR, MONTH, DAY, TIME].map(function(regexString) {
      return "(" + regexString + ")?";
    }).join("\\s*"));
    var positions = {
      years: 2,
      months: 4,
      days: 6,
      hours: 9,
      minutes: 10,
      seconds: 11,
      milliseconds: 12
    };
    var negatives = ["hours", "minutes", "seconds", "milliseconds"];
    function parseMilliseconds(fraction) {
      var microseconds = fraction + "000000".slice(fraction.length);
      return parseInt(microseconds, 10) / 1e3;
    }
    function parse(interval) {
      if (!interval) return {};
      var matches = INTERVAL.exec(interval);
      var isNegative = matches[8] === "-";
      return Object.keys(positions).reduce(function(parsed, property) {
        var position = positions[property];
        var value = matches[position];
        if (!value) return parsed;
        value = property === "milliseconds" ? parseMilliseconds(value) : parseInt(value, 10);
        if (!value) return parsed;
        if (isNegative && ~negatives.indexOf(property)) {
          value *= -1;
        }
        parsed[property] = value;
        return parsed;
      }, {});
    }
  }
});

// node_modules/postgres-bytea/index.js
var require_postgres_bytea = __commonJS({
  "node_modules/postgres-bytea/index.js"(exports, module) {
    "use strict";
    var bufferFrom = Buffer.from || Buffer;
    module.exports = function parseBytea(input) {
      if (/^\\x/.test(input)) {
        return bufferFrom(input.substr(2), "hex");
      }
      var output = "";
      var i = 0;
      while (i < input.length) {
        if (input[i] !== "\\") {
          output += input[i];
          ++i;
        } else {
          if (/[0-7]{3}/.test(input.substr(i + 1, 3))) {
            output += String.fromCharCode(parseInt(input.substr(i + 1, 3), 8));
            i += 4;
          } else {
            var backslashes = 1;
            while (i + backslashes < input.length && input[i + backslashes] === "\\") {
              backslashes++;
            }
            for (var k = 0; k < Math.floor(backslashes / 2); ++k) {
              output += "\\";
            }
            i += Math.floor(backslashes / 2) * 2;
          }
        }
      }
      return bufferFrom(output, "binary");
    };
  }
});

// node_modules/pg-types/lib/textParsers.js
var require_textParsers = __commonJS({
  "node_modules/pg-types/lib/textParsers.js"(exports, module) {
    var array = require_postgres_array();
    var arrayParser = require_arrayParser();
    var parseDate = require_postgres_date();
    var parseInterval = require_postgres_interval();
    var parseByteA = require_postgres_bytea();
    function allowNull(fn) {
      return function nullAllowed(value) {
        if (value === null) return value;
        return fn(value);
      };
    }
    function parseBool(value) {
      if (value === null) return value;
      return value === "TRUE" || value === "t" || value === "true" || value === "y" || value === "yes" || value === "on" || value === "1";
    }
    function parseBoolArray(value) {
      if (!value) return null;
      return array.parse(value, parseBool);
    }
    function parseBaseTenInt(string) {
      return parseInt(string, 10);
    }
    function parseIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(parseBaseTenInt));
    }
    function parseBigIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(function(entry) {
        return parseBigInteger(entry).trim();
      }));
    }
    var parsePointArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parsePoint(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseFloatArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseFloat(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseStringArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value);
      return p.parse();
    };
    var parseDateArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseDate(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseIntervalArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseInterval(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseByteAArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(parseByteA));
    };
    var parseInteger = function(value) {
      return parseInt(value, 10);
    };
    var parseBigInteger = function(value) {
      var valStr = String(value);
      if (/^\d+$/.test(valStr)) {
        return valStr;
      }
      return value;
    };
    var parseJsonArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(JSON.parse));
    };
    var parsePoint = function(value) {
      if (value[0] !== "(") {
        return null;
      }
      value = value.substring(1, value.length - 1).split(",");
      return {
        x: parseFloat(value[0]),
        y: parseFloat(value[1])
      };
    };
    var parseCircle = function(value) {
      if (value[0] !== "<" && value[1] !== "(") {
        return null;
      }
      var point = "(";
      var radius = "";
      var pointParsed = false;
      for (var i = 2; i < value.length - 1; i++) {
        if (!pointParsed) {
          point += value[i];
        }
        if (value[i] === ")") {
          pointParsed = true;
          continue;
        } else if (!pointParsed) {
          continue;
        }
        if (value[i] === ",") {
          continue;
        }
        radius += value[i];
      }
      var result = parsePoint(point);
      result.radius = parseFloat(radius);
      return result;
    };
    var init = function(register) {
      register(20, parseBigInteger);
      register(21, parseInteger);
      register(23, parseInteger);
      register(26, parseInteger);
      register(700, parseFloat);
      register(701, parseFloat);
      register(16, parseBool);
      register(1082, parseDate);
      register(1114, parseDate);
      register(1184, parseDate);
      register(600, parsePoint);
      register(651, parseStringArray);
      register(718, parseCircle);
      register(1e3, parseBoolArray);
      register(1001, parseByteAArray);
      register(1005, parseIntegerArray);
      register(1007, parseIntegerArray);
      register(1028, parseIntegerArray);
      register(1016, parseBigIntegerArray);
      register(1017, parsePointArray);
      register(1021, parseFloatArray);
      register(1022, parseFloatArray);
      register(1231, parseFloatArray);
      register(1014, parseStringArray);
      register(1015, parseStringArray);
      register(1008, parseStringArray);
      register(1009, parseStringArray);
      register(1040, parseStringArray);
      register(1041, parseStringArray);
      register(1115, parseDateArray);
      register(1182, parseDateArray);
      register(1185, parseDateArray);
      register(1186, parseInterval);
      register(1187, parseIntervalArray);
      register(17, parseByteA);
      register(114, JSON.parse.bind(JSON));
      register(3802, JSON.parse.bind(JSON));
      register(199, parseJsonArray);
      register(3807, parseJsonArray);
      register(3907, parseStringArray);
      register(2951, parseStringArray);
      register(791, parseStringArray);
      register(1183, parseStringArray);
      register(1270, parseStringArray);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-int8/index.js
var require_pg_int8 = __commonJS({
  "node_modules/pg-int8/index.js"(exports, module) {
    "use strict";
    var BASE2 = 1e6;
    function readInt8(buffer4) {
      var high = buffer4.readInt32BE(0);
      var low = buffer4.readUInt32BE(4);
      var sign = "";
      if (high < 0) {
        high = ~high + (low === 0);
        low = ~low + 1 >>> 0;
        sign = "-";
      }
      var result = "";
      var carry;
      var t;
      var digits;
      var pad2;
      var l;
      var i;
      {
        carry = high % BASE2;
        high = high / BASE2 >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE2 >>> 0;
        digits = "" + (t - BASE2 * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE2;
        high = high / BASE2 >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE2 >>> 0;
        digits = "" + (t - BASE2 * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE2;
        high = high / BASE2 >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE2 >>> 0;
        digits = "" + (t - BASE2 * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE2;
        t = 4294967296 * carry + low;
        digits = "" + t % BASE2;
        return sign + digits + result;
      }
    }
    module.exports = readInt8;
  }
});

// node_modules/pg-types/lib/binaryParsers.js
var require_binaryParsers = __commonJS({
  "node_modules/pg-types/lib/binaryParsers.js"(exports, module) {
    var parseInt64 = require_pg_int8();
    var parseBits = function(data, bits, offset, invert, callback) {
      offset = offset || 0;
      invert = invert || false;
      callback = callback || function(lastValue, newValue, bits2) {
        return lastValue * Math.pow(2, bits2) + newValue;
      };
      var offsetBytes = offset >> 3;
      var inv = function(value) {
        if (invert) {
          return ~value & 255;
        }
        return value;
      };
      var mask = 255;
      var firstBits = 8 - offset % 8;
      if (bits < firstBits) {
        mask = 255 << 8 - bits & 255;
        firstBits = bits;
      }
      if (offset) {
        mask = mask >> offset % 8;
      }
      var result = 0;
      if (offset % 8 + bits >= 8) {
        result = callback(0, inv(data[offsetBytes]) & mask, firstBits);
      }
      var bytes = bits + offset >> 3;
      for (var i = offsetBytes + 1; i < bytes; i++) {
        result = callback(result, inv(data[i]), 8);
      }
      var lastBits = (bits + offset) % 8;
      if (lastBits > 0) {
        result = callback(result, inv(data[bytes]) >> 8 - lastBits, lastBits);
      }
      return result;
    };
    var parseFloatFromBits = function(data, precisionBits, exponentBits) {
      var bias = Math.pow(2, exponentBits - 1) - 1;
      var sign = parseBits(data, 1);
      var exponent = parseBits(data, exponentBits, 1);
      if (exponent === 0) {
        return 0;
      }
      var precisionBitsCounter = 1;
      var parsePrecisionBits = function(lastValue, newValue, bits) {
        if (lastValue === 0) {
          lastValue = 1;
        }
        for (var i = 1; i <= bits; i++) {
          precisionBitsCounter /= 2;
          if ((newValue & 1 << bits - i) > 0) {
            lastValue += precisionBitsCounter;
          }
        }
        return lastValue;
      };
      var mantissa = parseBits(data, precisionBits, exponentBits + 1, false, parsePrecisionBits);
      if (exponent == Math.pow(2, exponentBits + 1) - 1) {
        if (mantissa === 0) {
          return sign === 0 ? Infinity : -Infinity;
        }
        return NaN;
      }
      return (sign === 0 ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
    };
    var parseInt16 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 15, 1, true) + 1);
      }
      return parseBits(value, 15, 1);
    };
    var parseInt32 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 31, 1, true) + 1);
      }
      return parseBits(value, 31, 1);
    };
    var parseFloat32 = function(value) {
      return parseFloatFromBits(value, 23, 8);
    };
    var parseFloat64 = function(value) {
      return parseFloatFromBits(value, 52, 11);
    };
    var parseNumeric = function(value) {
      var sign = parseBits(value, 16, 32);
      if (sign == 49152) {
        return NaN;
      }
      var weight = Math.pow(1e4, parseBits(value, 16, 16));
      var result = 0;
      var digits = [];
      var ndigits = parseBits(value, 16);
      for (var i = 0; i < ndigits; i++) {
        result += parseBits(value, 16, 64 + 16 * i) * weight;
        weight /= 1e4;
      }
      var scale = Math.pow(10, parseBits(value, 16, 48));
      return (sign === 0 ? 1 : -1) * Math.round(result * scale) / scale;
    };
    var parseDate = function(isUTC, value) {
      var sign = parseBits(value, 1);
      var rawValue = parseBits(value, 63, 1);
      var result = new Date((sign === 0 ? 1 : -1) * rawValue / 1e3 + 9466848e5);
      if (!isUTC) {
        result.setTime(result.getTime() + result.getTimezoneOffset() * 6e4);
      }
      result.usec = rawValue % 1e3;
      result.getMicroSeconds = function() {
        return this.usec;
      };
      result.setMicroSeconds = function(value2) {
        this.usec = value2;
      };
      result.getUTCMicroSeconds = function() {
        return this.usec;
      };
      return result;
    };
    var parseArray = function(value) {
      var dim = parseBits(value, 32);
      var flags = parseBits(value, 32, 32);
      var elementType = parseBits(value, 32, 64);
      var offset = 96;
      var dims = [];
      for (var i = 0; i < dim; i++) {
        dims[i] = parseBits(value, 32, offset);
        offset += 32;
        offset += 32;
      }
      var parseElement = function(elementType2) {
        var length = parseBits(value, 32, offset);
        offset += 32;
        if (length == 4294967295) {
          return null;
        }
        var result;
        if (elementType2 == 23 || elementType2 == 20) {
          result = parseBits(value, length * 8, offset);
          offset += length * 8;
          return result;
        } else if (elementType2 == 25) {
          result = value.toString(this.encoding, offset >> 3, (offset += length << 3) >> 3);
          return result;
        } else {
          console.log("ERROR: ElementType not implemented: " + elementType2);
        }
      };
      var parse = function(dimension, elementType2) {
        var array = [];
        var i2;
        if (dimension.length > 1) {
          var count = dimension.shift();
          for (i2 = 0; i2 < count; i2++) {
            array[i2] = parse(dimension, elementType2);
          }
          dimension.unshift(count);
        } else {
          for (i2 = 0; i2 < dimension[0]; i2++) {
            array[i2] = parseElement(elementType2);
          }
        }
        return array;
      };
      return parse(dims, elementType);
    };
    var parseText = function(value) {
      return value.toString("utf8");
    };
    var parseBool = function(value) {
      if (value === null) return null;
      return parseBits(value, 8) > 0;
    };
    var init = function(register) {
      register(20, parseInt64);
      register(21, parseInt16);
      register(23, parseInt32);
      register(26, parseInt32);
      register(1700, parseNumeric);
      register(700, parseFloat32);
      register(701, parseFloat64);
      register(16, parseBool);
      register(1114, parseDate.bind(null, false));
      register(1184, parseDate.bind(null, true));
      register(1e3, parseArray);
      register(1007, parseArray);
      register(1016, parseArray);
      register(1008, parseArray);
      register(1009, parseArray);
      register(25, parseText);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-types/lib/builtins.js
var require_builtins = __commonJS({
  "node_modules/pg-types/lib/builtins.js"(exports, module) {
    module.exports = {
      BOOL: 16,
      BYTEA: 17,
      CHAR: 18,
      INT8: 20,
      INT2: 21,
      INT4: 23,
      REGPROC: 24,
      TEXT: 25,
      OID: 26,
      TID: 27,
      XID: 28,
      CID: 29,
      JSON: 114,
      XML: 142,
      PG_NODE_TREE: 194,
      SMGR: 210,
      PATH: 602,
      POLYGON: 604,
      CIDR: 650,
      FLOAT4: 700,
      FLOAT8: 701,
      ABSTIME: 702,
      RELTIME: 703,
      TINTERVAL: 704,
      CIRCLE: 718,
      MACADDR8: 774,
      MONEY: 790,
      MACADDR: 829,
      INET: 869,
      ACLITEM: 1033,
      BPCHAR: 1042,
      VARCHAR: 1043,
      DATE: 1082,
      TIME: 1083,
      TIMESTAMP: 1114,
      TIMESTAMPTZ: 1184,
      INTERVAL: 1186,
      TIMETZ: 1266,
      BIT: 1560,
      VARBIT: 1562,
      NUMERIC: 1700,
      REFCURSOR: 1790,
      REGPROCEDURE: 2202,
      REGOPER: 2203,
      REGOPERATOR: 2204,
      REGCLASS: 2205,
      REGTYPE: 2206,
      UUID: 2950,
      TXID_SNAPSHOT: 2970,
      PG_LSN: 3220,
      PG_NDISTINCT: 3361,
      PG_DEPENDENCIES: 3402,
      TSVECTOR: 3614,
      TSQUERY: 3615,
      GTSVECTOR: 3642,
      REGCONFIG: 3734,
      REGDICTIONARY: 3769,
      JSONB: 3802,
      REGNAMESPACE: 4089,
      REGROLE: 4096
    };
  }
});

// node_modules/pg-types/index.js
var require_pg_types = __commonJS({
  "node_modules/pg-types/index.js"(exports) {
    var textParsers = require_textParsers();
    var binaryParsers = require_binaryParsers();
    var arrayParser = require_arrayParser();
    var builtinTypes = require_builtins();
    exports.getTypeParser = getTypeParser;
    exports.setTypeParser = setTypeParser;
    exports.arrayParser = arrayParser;
    exports.builtins = builtinTypes;
    var typeParsers = {
      text: {},
      binary: {}
    };
    function noParse(val) {
      return String(val);
    }
    function getTypeParser(oid, format) {
      format = format || "text";
      if (!typeParsers[format]) {
        return noParse;
      }
      return typeParsers[format][oid] || noParse;
    }
    function setTypeParser(oid, format, parseFn) {
      if (typeof format == "function") {
        parseFn = format;
        format = "text";
      }
      typeParsers[format][oid] = parseFn;
    }
    textParsers.init(function(oid, converter) {
      typeParsers.text[oid] = converter;
    });
    binaryParsers.init(function(oid, converter) {
      typeParsers.binary[oid] = converter;
    });
  }
});

// node_modules/pg/lib/defaults.js
var require_defaults = __commonJS({
  "node_modules/pg/lib/defaults.js"(exports, module) {
    "use strict";
    var user;
    try {
      user = process.platform === "win32" ? process.env.USERNAME : process.env.USER;
    } catch {
    }
    module.exports = {
      // database host. defaults to localhost
      host: "localhost",
      // database user's name
      user,
      // name of database to connect
      database: void 0,
      // database user's password
      password: null,
      // a Postgres connection string to be used instead of setting individual connection items
      // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
      // in the defaults object.
      connectionString: void 0,
      // database port
      port: 5432,
      // number of rows to return at a time from a prepared statement's
      // portal. 0 will return all rows at once
      rows: 0,
      // binary result mode
      binary: false,
      // Connection pool options - see https://github.com/brianc/node-pg-pool
      // number of connections to use in connection pool
      // 0 will disable connection pooling
      max: 10,
      // max milliseconds a client can go unused before it is removed
      // from the pool and destroyed
      idleTimeoutMillis: 3e4,
      client_encoding: "",
      ssl: false,
      // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
      sslnegotiation: void 0,
      application_name: void 0,
      fallback_application_name: void 0,
      options: void 0,
      parseInputDatesAsUTC: false,
      // max milliseconds any query using this connection will execute for before timing out in error.
      // false=unlimited
      statement_timeout: false,
      // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
      // false=unlimited
      lock_timeout: false,
      // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
      // false=unlimited
      idle_in_transaction_session_timeout: false,
      // max milliseconds to wait for query to complete (client side)
      query_timeout: false,
      connect_timeout: 0,
      keepalives: 1,
      keepalives_idle: 0
    };
    var pgTypes = require_pg_types();
    var parseBigInteger = pgTypes.getTypeParser(20, "text");
    var parseBigIntegerArray = pgTypes.getTypeParser(1016, "text");
    module.exports.__defineSetter__("parseInt8", function(val) {
      pgTypes.setTypeParser(20, "text", val ? pgTypes.getTypeParser(23, "text") : parseBigInteger);
      pgTypes.setTypeParser(1016, "text", val ? pgTypes.getTypeParser(1007, "text") : parseBigIntegerArray);
    });
  }
});

// node_modules/pg/lib/utils.js
var require_utils = __commonJS({
  "node_modules/pg/lib/utils.js"(exports, module) {
    "use strict";
    var defaults2 = require_defaults();
    var nodeUtils = __require("util");
    var { isDate } = __require("util/types");
    var invalidDateDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.",
      "PG_INVALID_DATE"
    );
    function escapeElement(elementRepresentation) {
      const escaped = elementRepresentation.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      return '"' + escaped + '"';
    }
    function arrayString(val) {
      let result = "{";
      for (let i = 0; i < val.length; i++) {
        if (i > 0) {
          result += ",";
        }
        let item = val[i];
        if (item == null) {
          result += "NULL";
        } else if (Array.isArray(item)) {
          result += arrayString(item);
        } else if (ArrayBuffer.isView(item)) {
          if (!(item instanceof Buffer)) {
            item = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
          }
          result += "\\\\x" + item.toString("hex");
        } else {
          result += escapeElement(prepareValue(item));
        }
      }
      result += "}";
      return result;
    }
    var prepareValue = function(val, seen) {
      if (val == null) {
        return null;
      }
      if (typeof val === "object") {
        if (val instanceof Buffer) {
          return val;
        }
        if (ArrayBuffer.isView(val)) {
          return Buffer.from(val.buffer, val.byteOffset, val.byteLength);
        }
        if (isDate(val)) {
          if (isNaN(val.getTime())) {
            invalidDateDeprecationNotice();
          }
          if (defaults2.parseInputDatesAsUTC) {
            return dateToStringUTC(val);
          } else {
            return dateToString(val);
          }
        }
        if (Array.isArray(val)) {
          return arrayString(val);
        }
        return prepareObject(val, seen);
      }
      return val.toString();
    };
    function prepareObject(val, seen) {
      if (val && typeof val.toPostgres === "function") {
        seen = seen || [];
        if (seen.indexOf(val) !== -1) {
          throw new Error('circular reference detected while preparing "' + val + '" for query');
        }
        seen.push(val);
        return prepareValue(val.toPostgres(prepareValue), seen);
      }
      return JSON.stringify(val);
    }
    function dateToString(date) {
      let offset = -date.getTimezoneOffset();
      let year = date.getFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0") + "T" + String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0") + ":" + String(date.getSeconds()).padStart(2, "0") + "." + String(date.getMilliseconds()).padStart(3, "0");
      if (offset < 0) {
        ret += "-";
        offset *= -1;
      } else {
        ret += "+";
      }
      ret += String(Math.floor(offset / 60)).padStart(2, "0") + ":" + String(offset % 60).padStart(2, "0");
      if (isBCYear) ret += " BC";
      return ret;
    }
    function dateToStringUTC(date) {
      let year = date.getUTCFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0") + "T" + String(date.getUTCHours()).padStart(2, "0") + ":" + String(date.getUTCMinutes()).padStart(2, "0") + ":" + String(date.getUTCSeconds()).padStart(2, "0") + "." + String(date.getUTCMilliseconds()).padStart(3, "0");
      ret += "+00:00";
      if (isBCYear) ret += " BC";
      return ret;
    }
    function normalizeQueryConfig(config, values, callback) {
      config = typeof config === "string" ? { text: config } : cloneQueryConfig(config);
      if (values) {
        if (typeof values === "function") {
          config.callback = values;
        } else {
          config.values = values;
        }
      }
      if (callback) {
        config.callback = callback;
      }
      return config;
    }
    function cloneQueryConfig(config) {
      if (config == null) {
        return config;
      }
      return Object.defineProperties(Object.create(Object.getPrototypeOf(config)), Object.getOwnPropertyDescriptors(config));
    }
    var escapeIdentifier2 = function(str) {
      return '"' + str.replace(/"/g, '""') + '"';
    };
    var escapeLiteral2 = function(str) {
      let hasBackslash = false;
      let escaped = "'";
      if (str == null) {
        return "''";
      }
      if (typeof str !== "string") {
        return "''";
      }
      for (let i = 0; i < str.length; i++) {
        const c = str[i];
        if (c === "'") {
          escaped += c + c;
        } else if (c === "\\") {
          escaped += c + c;
          hasBackslash = true;
        } else {
          escaped += c;
        }
      }
      escaped += "'";
      if (hasBackslash === true) {
        escaped = " E" + escaped;
      }
      return escaped;
    };
    module.exports = {
      prepareValue: function prepareValueWrapper(value) {
        return prepareValue(value);
      },
      normalizeQueryConfig,
      escapeIdentifier: escapeIdentifier2,
      escapeLiteral: escapeLiteral2
    };
  }
});

// node_modules/pg/lib/crypto/utils.js
var require_utils2 = __commonJS({
  "node_modules/pg/lib/crypto/utils.js"(exports, module) {
    var nodeCrypto = __require("crypto");
    module.exports = {
      postgresMd5PasswordHash,
      randomBytes: randomBytes6,
      deriveKey,
      sha256,
      hashByName,
      hmacSha256,
      md5
    };
    var webCrypto = nodeCrypto.webcrypto || globalThis.crypto;
    var subtleCrypto = webCrypto.subtle;
    var textEncoder = new TextEncoder();
    function randomBytes6(length) {
      return webCrypto.getRandomValues(Buffer.alloc(length));
    }
    async function md5(string) {
      try {
        return nodeCrypto.createHash("md5").update(string, "utf-8").digest("hex");
      } catch (e) {
        const data = typeof string === "string" ? textEncoder.encode(string) : string;
        const hash = await subtleCrypto.digest("MD5", data);
        return Array.from(new Uint8Array(hash)).map((b) => b.toString(16).padStart(2, "0")).join("");
      }
    }
    async function postgresMd5PasswordHash(user, password, salt) {
      const inner = await md5(password + user);
      const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
      return "md5" + outer;
    }
    async function sha256(text6) {
      return await subtleCrypto.digest("SHA-256", text6);
    }
    async function hashByName(hashName, text6) {
      return await subtleCrypto.digest(hashName, text6);
    }
    async function hmacSha256(keyBuffer, msg) {
      const key = await subtleCrypto.importKey("raw", keyBuffer, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return await subtleCrypto.sign("HMAC", key, textEncoder.encode(msg));
    }
    async function deriveKey(password, salt, iterations) {
      const key = await subtleCrypto.importKey("raw", textEncoder.encode(password), "PBKDF2", false, ["deriveBits"]);
      const params = { name: "PBKDF2", hash: "SHA-256", salt, iterations };
      return await subtleCrypto.deriveBits(params, key, 32 * 8, ["deriveBits"]);
    }
  }
});

// node_modules/pg/lib/crypto/cert-signatures.js
var require_cert_signatures = __commonJS({
  "node_modules/pg/lib/crypto/cert-signatures.js"(exports, module) {
    function x509Error(msg, cert) {
      return new Error("SASL channel binding: " + msg + " when parsing public certificate " + cert.toString("base64"));
    }
    function readASN1Length(data, index) {
      let length = data[index++];
      if (length < 128) return { length, index };
      const lengthBytes = length & 127;
      if (lengthBytes > 4) throw x509Error("bad length", data);
      length = 0;
      for (let i = 0; i < lengthBytes; i++) {
        length = length << 8 | data[index++];
      }
      return { length, index };
    }
    function readASN1OID(data, index) {
      if (data[index++] !== 6) throw x509Error("non-OID data", data);
      const { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
      index = indexAfterOIDLength;
      const lastIndex = index + OIDLength;
      const byte1 = data[index++];
      let oid = (byte1 / 40 >> 0) + "." + byte1 % 40;
      while (index < lastIndex) {
        let value = 0;
        while (index < lastIndex) {
          const nextByte = data[index++];
          value = value << 7 | nextByte & 127;
          if (nextByte < 128) break;
        }
        oid += "." + value;
      }
      return { oid, index };
    }
    function expectASN1Seq(data, index) {
      if (data[index++] !== 48) throw x509Error("non-sequence data", data);
      return readASN1Length(data, index);
    }
    function signatureAlgorithmHashFromCertificate(data, index) {
      if (index === void 0) index = 0;
      index = expectASN1Seq(data, index).index;
      const { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
      index = indexAfterCertInfoLength + certInfoLength;
      index = expectASN1Seq(data, index).index;
      const { oid, index: indexAfterOID } = readASN1OID(data, index);
      switch (oid) {
        // RSA
        case "1.2.840.113549.1.1.4":
          return "MD5";
        case "1.2.840.113549.1.1.5":
          return "SHA-1";
        case "1.2.840.113549.1.1.11":
          return "SHA-256";
        case "1.2.840.113549.1.1.12":
          return "SHA-384";
        case "1.2.840.113549.1.1.13":
          return "SHA-512";
        case "1.2.840.113549.1.1.14":
          return "SHA-224";
        case "1.2.840.113549.1.1.15":
          return "SHA512-224";
        case "1.2.840.113549.1.1.16":
          return "SHA512-256";
        // ECDSA
        case "1.2.840.10045.4.1":
          return "SHA-1";
        case "1.2.840.10045.4.3.1":
          return "SHA-224";
        case "1.2.840.10045.4.3.2":
          return "SHA-256";
        case "1.2.840.10045.4.3.3":
          return "SHA-384";
        case "1.2.840.10045.4.3.4":
          return "SHA-512";
        // RSASSA-PSS: hash is indicated separately
        case "1.2.840.113549.1.1.10": {
          index = indexAfterOID;
          index = expectASN1Seq(data, index).index;
          if (data[index++] !== 160) throw x509Error("non-tag data", data);
          index = readASN1Length(data, index).index;
          index = expectASN1Seq(data, index).index;
          const { oid: hashOID } = readASN1OID(data, index);
          switch (hashOID) {
            // standalone hash OIDs
            case "1.2.840.113549.2.5":
              return "MD5";
            case "1.3.14.3.2.26":
              return "SHA-1";
            case "2.16.840.1.101.3.4.2.1":
              return "SHA-256";
            case "2.16.840.1.101.3.4.2.2":
              return "SHA-384";
            case "2.16.840.1.101.3.4.2.3":
              return "SHA-512";
          }
          throw x509Error("unknown hash OID " + hashOID, data);
        }
        // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
        case "1.3.101.110":
        case "1.3.101.112":
          return "SHA-512";
        // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
        case "1.3.101.111":
        case "1.3.101.113":
          throw x509Error("Ed448 certificate channel binding is not currently supported by Postgres");
      }
      throw x509Error("unknown OID " + oid, data);
    }
    module.exports = { signatureAlgorithmHashFromCertificate };
  }
});

// node_modules/pg/lib/crypto/sasl.js
var require_sasl = __commonJS({
  "node_modules/pg/lib/crypto/sasl.js"(exports, module) {
    "use strict";
    var crypto = require_utils2();
    var { signatureAlgorithmHashFromCertificate } = require_cert_signatures();
    function saslprep(password) {
      const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
      const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
      return password.replace(nonAsciiSpace, " ").replace(mappedToNothing, "").normalize("NFKC");
    }
    var DEFAULT_MAX_SCRAM_ITERATIONS = 1e5;
    function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
      const candidates = ["SCRAM-SHA-256"];
      if (stream) candidates.unshift("SCRAM-SHA-256-PLUS");
      const mechanism = candidates.find((candidate) => mechanisms.includes(candidate));
      if (!mechanism) {
        throw new Error("SASL: Only mechanism(s) " + candidates.join(" and ") + " are supported");
      }
      if (mechanism === "SCRAM-SHA-256-PLUS" && typeof stream.getPeerCertificate !== "function") {
        throw new Error("SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate");
      }
      const clientNonce = crypto.randomBytes(18).toString("base64");
      const gs2Header = mechanism === "SCRAM-SHA-256-PLUS" ? "p=tls-server-end-point" : stream ? "y" : "n";
      return {
        mechanism,
        clientNonce,
        response: gs2Header + ",,n=*,r=" + clientNonce,
        message: "SASLInitialResponse",
        scramMaxIterations
      };
    }
    async function continueSession(session, password, serverData, stream) {
      if (session.message !== "SASLInitialResponse") {
        throw new Error("SASL: Last message was not SASLInitialResponse");
      }
      if (typeof password !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string");
      }
      if (password === "") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string");
      }
      const sv = parseServerFirstMessage(serverData);
      if (!sv.nonce.startsWith(session.clientNonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce");
      } else if (sv.nonce.length === session.clientNonce.length) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short");
      }
      const scramMaxIterations = typeof session.scramMaxIterations === "number" ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
      if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations) {
        throw new Error(
          "SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count " + sv.iteration + " exceeds scramMaxIterations of " + scramMaxIterations
        );
      }
      const clientFirstMessageBare = "n=*,r=" + session.clientNonce;
      const serverFirstMessage = "r=" + sv.nonce + ",s=" + sv.salt + ",i=" + sv.iteration;
      let channelBinding = stream ? "eSws" : "biws";
      if (session.mechanism === "SCRAM-SHA-256-PLUS") {
        const peerCert = stream.getPeerCertificate().raw;
        let hashName = signatureAlgorithmHashFromCertificate(peerCert);
        if (hashName === "MD5" || hashName === "SHA-1") hashName = "SHA-256";
        const certHash = await crypto.hashByName(hashName, peerCert);
        const bindingData = Buffer.concat([Buffer.from("p=tls-server-end-point,,"), Buffer.from(certHash)]);
        channelBinding = bindingData.toString("base64");
      }
      const clientFinalMessageWithoutProof = "c=" + channelBinding + ",r=" + sv.nonce;
      const authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + clientFinalMessageWithoutProof;
      const saltBytes = Buffer.from(sv.salt, "base64");
      const saltedPassword = await crypto.deriveKey(saslprep(password), saltBytes, sv.iteration);
      const clientKey = await crypto.hmacSha256(saltedPassword, "Client Key");
      const storedKey = await crypto.sha256(clientKey);
      const clientSignature = await crypto.hmacSha256(storedKey, authMessage);
      const clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString("base64");
      const serverKey = await crypto.hmacSha256(saltedPassword, "Server Key");
      const serverSignatureBytes = await crypto.hmacSha256(serverKey, authMessage);
      session.message = "SASLResponse";
      session.serverSignature = Buffer.from(serverSignatureBytes).toString("base64");
      session.response = clientFinalMessageWithoutProof + ",p=" + clientProof;
    }
    function finalizeSession(session, serverData) {
      if (session.message !== "SASLResponse") {
        throw new Error("SASL: Last message was not SASLResponse");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string");
      }
      const { serverSignature } = parseServerFinalMessage(serverData);
      if (serverSignature !== session.serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match");
      }
    }
    function isPrintableChars(text6) {
      if (typeof text6 !== "string") {
        throw new TypeError("SASL: text must be a string");
      }
      return text6.split("").map((_, i) => text6.charCodeAt(i)).every((c) => c >= 33 && c <= 43 || c >= 45 && c <= 126);
    }
    function isBase64(text6) {
      return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text6);
    }
    function parseAttributePairs(text6) {
      if (typeof text6 !== "string") {
        throw new TypeError("SASL: attribute pairs text must be a string");
      }
      return new Map(
        text6.split(",").map((attrValue) => {
          if (!/^.=/.test(attrValue)) {
            throw new Error("SASL: Invalid attribute pair entry");
          }
          const name = attrValue[0];
          const value = attrValue.substring(2);
          return [name, value];
        })
      );
    }
    function parseServerFirstMessage(data) {
      const attrPairs = parseAttributePairs(data);
      const nonce = attrPairs.get("r");
      if (!nonce) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing");
      } else if (!isPrintableChars(nonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters");
      }
      const salt = attrPairs.get("s");
      if (!salt) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing");
      } else if (!isBase64(salt)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64");
      }
      const iterationText = attrPairs.get("i");
      if (!iterationText) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing");
      } else if (!/^[1-9][0-9]*$/.test(iterationText)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count");
      }
      const iteration = parseInt(iterationText, 10);
      return {
        nonce,
        salt,
        iteration
      };
    }
    function parseServerFinalMessage(serverData) {
      const attrPairs = parseAttributePairs(serverData);
      const error = attrPairs.get("e");
      const serverSignature = attrPairs.get("v");
      if (error) {
        throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`);
      }
      if (!serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing");
      } else if (!isBase64(serverSignature)) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64");
      }
      return {
        serverSignature
      };
    }
    function xorBuffers(a, b) {
      if (!Buffer.isBuffer(a)) {
        throw new TypeError("first argument must be a Buffer");
      }
      if (!Buffer.isBuffer(b)) {
        throw new TypeError("second argument must be a Buffer");
      }
      if (a.length !== b.length) {
        throw new Error("Buffer lengths must match");
      }
      if (a.length === 0) {
        throw new Error("Buffers cannot be empty");
      }
      return Buffer.from(a.map((_, i) => a[i] ^ b[i]));
    }
    module.exports = {
      startSession,
      continueSession,
      finalizeSession,
      DEFAULT_MAX_SCRAM_ITERATIONS
    };
  }
});

// node_modules/pg/lib/type-overrides.js
var require_type_overrides = __commonJS({
  "node_modules/pg/lib/type-overrides.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    function TypeOverrides2(userTypes) {
      this._types = userTypes || types2;
      this.text = {};
      this.binary = {};
    }
    TypeOverrides2.prototype.getOverrides = function(format) {
      switch (format) {
        case "text":
          return this.text;
        case "binary":
          return this.binary;
        default:
          return {};
      }
    };
    TypeOverrides2.prototype.setTypeParser = function(oid, format, parseFn) {
      if (typeof format === "function") {
        parseFn = format;
        format = "text";
      }
      this.getOverrides(format)[oid] = parseFn;
    };
    TypeOverrides2.prototype.getTypeParser = function(oid, format) {
      format = format || "text";
      return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format);
    };
    module.exports = TypeOverrides2;
  }
});

// node_modules/pg-connection-string/index.js
var require_pg_connection_string = __commonJS({
  "node_modules/pg-connection-string/index.js"(exports, module) {
    "use strict";
    function parse(str, options = {}) {
      if (str.charAt(0) === "/") {
        const config2 = str.split(" ");
        return { host: config2[0], database: config2[1] };
      }
      const config = /* @__PURE__ */ Object.create(null);
      let result;
      let dummyHost = false;
      if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str)) {
        str = encodeURI(str).replace(/%25(\d\d)/g, "%$1");
      }
      try {
        try {
          result = new URL(str, "postgres://base");
        } catch (e) {
          result = new URL(str.replace("@/", "@___DUMMY___/"), "postgres://base");
          dummyHost = true;
        }
      } catch (err) {
        err.input && (err.input = "*****REDACTED*****");
        throw err;
      }
      for (const entry of result.searchParams.entries()) {
        config[entry[0]] = entry[1];
      }
      config.user = config.user || decodeURIComponent(result.username);
      config.password = config.password || decodeURIComponent(result.password);
      if (result.protocol == "socket:") {
        config.host = decodeURI(result.pathname);
        config.database = result.searchParams.get("db");
        config.client_encoding = result.searchParams.get("encoding");
        return config;
      }
      const hostname4 = (dummyHost ? "" : result.hostname).replace(/^\[(.+)\]$/, "$1");
      if (!config.host) {
        config.host = decodeURIComponent(hostname4);
      } else if (hostname4 && /^%2f/i.test(hostname4)) {
        result.pathname = hostname4 + result.pathname;
      }
      if (!config.port) {
        config.port = result.port;
      }
      const pathname = result.pathname.slice(1) || null;
      config.database = pathname ? decodeURI(pathname) : null;
      if (config.ssl === "true" || config.ssl === "1") {
        config.ssl = true;
      }
      if (config.ssl === "0") {
        config.ssl = false;
      }
      if (config.sslcert || config.sslkey || config.sslrootcert || config.sslmode) {
        config.ssl = {};
      }
      if (config.sslnegotiation === "direct" && config.ssl === void 0) {
        config.ssl = true;
      }
      const fs = config.sslcert || config.sslkey || config.sslrootcert ? __require("fs") : null;
      if (config.sslcert) {
        config.ssl.cert = fs.readFileSync(config.sslcert).toString();
      }
      if (config.sslkey) {
        config.ssl.key = fs.readFileSync(config.sslkey).toString();
      }
      if (config.sslrootcert) {
        config.ssl.ca = fs.readFileSync(config.sslrootcert).toString();
      }
      if (options.useLibpqCompat && config.uselibpqcompat) {
        throw new Error("Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.");
      }
      if (config.uselibpqcompat === "true" || options.useLibpqCompat) {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
          case "require": {
            if (config.sslrootcert) {
              config.ssl.checkServerIdentity = function() {
              };
            } else {
              config.ssl.rejectUnauthorized = false;
            }
            break;
          }
          case "verify-ca": {
            if (!config.ssl.ca) {
              throw new Error(
                "SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security."
              );
            }
            config.ssl.checkServerIdentity = function() {
            };
            break;
          }
          case "verify-full": {
            break;
          }
        }
      } else {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer":
          case "require":
          case "verify-ca":
          case "verify-full": {
            if (config.sslmode !== "verify-full") {
              deprecatedSslModeWarning(config.sslmode);
            }
            break;
          }
          case "no-verify": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
        }
      }
      return config;
    }
    function toConnectionOptions(sslConfig) {
      const connectionOptions = Object.entries(sslConfig).reduce((c, [key, value]) => {
        if (value !== void 0 && value !== null) {
          c[key] = value;
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return connectionOptions;
    }
    function toClientConfig(config) {
      const poolConfig = Object.entries(config).reduce((c, [key, value]) => {
        if (key === "ssl") {
          const sslConfig = value;
          if (typeof sslConfig === "boolean") {
            c[key] = sslConfig;
          }
          if (typeof sslConfig === "object") {
            c[key] = toConnectionOptions(sslConfig);
          }
        } else if (value !== void 0 && value !== null) {
          if (key === "port") {
            if (value !== "") {
              const v = parseInt(value, 10);
              if (isNaN(v)) {
                throw new Error(`Invalid ${key}: ${value}`);
              }
              c[key] = v;
            }
          } else {
            c[key] = value;
          }
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return poolConfig;
    }
    function parseIntoClientConfig(str) {
      return toClientConfig(parse(str));
    }
    function deprecatedSslModeWarning(sslmode) {
      if (!deprecatedSslModeWarning.warned && typeof process !== "undefined" && process.emitWarning) {
        deprecatedSslModeWarning.warned = true;
        process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`);
      }
    }
    module.exports = parse;
    parse.parse = parse;
    parse.toClientConfig = toClientConfig;
    parse.parseIntoClientConfig = parseIntoClientConfig;
  }
});

// node_modules/pg/lib/connection-parameters.js
var require_connection_parameters = __commonJS({
  "node_modules/pg/lib/connection-parameters.js"(exports, module) {
    "use strict";
    var dns = __require("dns");
    var defaults2 = require_defaults();
    var parse = require_pg_connection_string().parse;
    var val = function(key, config, envVar) {
      if (config[key]) {
        return config[key];
      }
      if (envVar === void 0) {
        envVar = process.env["PG" + key.toUpperCase()];
      } else if (envVar === false) {
      } else {
        envVar = process.env[envVar];
      }
      return envVar || defaults2[key];
    };
    var readSSLConfigFromEnvironment = function() {
      switch (process.env.PGSSLMODE) {
        case "disable":
          return false;
        case "prefer":
        case "require":
        case "verify-ca":
        case "verify-full":
          return true;
        case "no-verify":
          return { rejectUnauthorized: false };
      }
      return defaults2.ssl;
    };
    var quoteParamValue = function(value) {
      return "'" + ("" + value).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
    };
    var add = function(params, config, paramName) {
      const value = config[paramName];
      if (value !== void 0 && value !== null) {
        params.push(paramName + "=" + quoteParamValue(value));
      }
    };
    var ConnectionParameters = class {
      constructor(config) {
        config = typeof config === "string" ? parse(config) : config || {};
        if (config.connectionString) {
          config = Object.assign({}, config, parse(config.connectionString));
        }
        this.user = val("user", config);
        this.database = val("database", config);
        if (this.database === void 0) {
          this.database = this.user;
        }
        this.port = parseInt(val("port", config), 10);
        this.host = val("host", config);
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: val("password", config)
        });
        this.binary = val("binary", config);
        this.options = val("options", config);
        this.ssl = typeof config.ssl === "undefined" ? readSSLConfigFromEnvironment() : config.ssl;
        if (typeof this.ssl === "string") {
          if (this.ssl === "true") {
            this.ssl = true;
          }
        }
        if (this.ssl === "no-verify") {
          this.ssl = { rejectUnauthorized: false };
        }
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this.sslnegotiation = val("sslnegotiation", config, "PGSSLNEGOTIATION");
        if (this.sslnegotiation !== void 0 && this.sslnegotiation !== "postgres" && this.sslnegotiation !== "direct") {
          throw new Error(
            `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
          );
        }
        if (this.sslnegotiation === "direct" && !this.ssl) {
          throw new Error("sslnegotiation=direct requires SSL to be enabled");
        }
        this.client_encoding = val("client_encoding", config);
        this.replication = val("replication", config);
        this.isDomainSocket = !(this.host || "").indexOf("/");
        this.application_name = val("application_name", config, "PGAPPNAME");
        this.fallback_application_name = val("fallback_application_name", config, false);
        this.statement_timeout = val("statement_timeout", config, false);
        this.lock_timeout = val("lock_timeout", config, false);
        this.idle_in_transaction_session_timeout = val("idle_in_transaction_session_timeout", config, false);
        this.query_timeout = val("query_timeout", config, false);
        if (config.connectionTimeoutMillis === void 0) {
          this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0;
        } else {
          this.connect_timeout = Math.floor(config.connectionTimeoutMillis / 1e3);
        }
        if (config.keepAlive === false) {
          this.keepalives = 0;
        } else if (config.keepAlive === true) {
          this.keepalives = 1;
        }
        if (typeof config.keepAliveInitialDelayMillis === "number") {
          this.keepalives_idle = Math.floor(config.keepAliveInitialDelayMillis / 1e3);
        }
      }
      getLibpqConnectionString(cb) {
        const params = [];
        add(params, this, "user");
        add(params, this, "password");
        add(params, this, "port");
        add(params, this, "application_name");
        add(params, this, "fallback_application_name");
        add(params, this, "connect_timeout");
        add(params, this, "options");
        const ssl = typeof this.ssl === "object" ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
        add(params, ssl, "sslmode");
        add(params, ssl, "sslca");
        add(params, ssl, "sslkey");
        add(params, ssl, "sslcert");
        add(params, ssl, "sslrootcert");
        add(params, this, "sslnegotiation");
        if (this.database) {
          params.push("dbname=" + quoteParamValue(this.database));
        }
        if (this.replication) {
          params.push("replication=" + quoteParamValue(this.replication));
        }
        if (this.host) {
          params.push("host=" + quoteParamValue(this.host));
        }
        if (this.isDomainSocket) {
          return cb(null, params.join(" "));
        }
        if (this.client_encoding) {
          params.push("client_encoding=" + quoteParamValue(this.client_encoding));
        }
        dns.lookup(this.host, function(err, address) {
          if (err) return cb(err, null);
          params.push("hostaddr=" + quoteParamValue(address));
          return cb(null, params.join(" "));
        });
      }
    };
    module.exports = ConnectionParameters;
  }
});

// node_modules/pg/lib/result.js
var require_result = __commonJS({
  "node_modules/pg/lib/result.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    var matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;
    var Result2 = class {
      constructor(rowMode, types3) {
        this.command = null;
        this.rowCount = null;
        this.oid = null;
        this.rows = [];
        this.fields = [];
        this._parsers = void 0;
        this._types = types3;
        this.RowCtor = null;
        this.rowAsArray = rowMode === "array";
        if (this.rowAsArray) {
          this.parseRow = this._parseRowAsArray;
        }
        this._prebuiltEmptyResultObject = null;
      }
      // adds a command complete message
      addCommandComplete(msg) {
        let match;
        if (msg.text) {
          match = matchRegexp.exec(msg.text);
        } else {
          match = matchRegexp.exec(msg.command);
        }
        if (match) {
          this.command = match[1];
          if (match[3]) {
            this.oid = parseInt(match[2], 10);
            this.rowCount = parseInt(match[3], 10);
          } else if (match[2]) {
            this.rowCount = parseInt(match[2], 10);
          }
        }
      }
      _parseRowAsArray(rowData) {
        const row = new Array(rowData.length);
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          if (rawValue !== null) {
            row[i] = this._parsers[i](rawValue);
          } else {
            row[i] = null;
          }
        }
        return row;
      }
      parseRow(rowData) {
        const row = { ...this._prebuiltEmptyResultObject };
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          const field = this.fields[i].name;
          if (rawValue !== null) {
            const v = this.fields[i].format === "binary" ? Buffer.from(rawValue) : rawValue;
            row[field] = this._parsers[i](v);
          } else {
            row[field] = null;
          }
        }
        return row;
      }
      addRow(row) {
        this.rows.push(row);
      }
      addFields(fieldDescriptions) {
        this.fields = fieldDescriptions;
        if (this.fields.length) {
          this._parsers = new Array(fieldDescriptions.length);
        }
        const row = /* @__PURE__ */ Object.create(null);
        for (let i = 0; i < fieldDescriptions.length; i++) {
          const desc = fieldDescriptions[i];
          row[desc.name] = null;
          if (this._types) {
            this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || "text");
          } else {
            this._parsers[i] = types2.getTypeParser(desc.dataTypeID, desc.format || "text");
          }
        }
        this._prebuiltEmptyResultObject = { ...row };
      }
    };
    module.exports = Result2;
  }
});

// node_modules/pg/lib/query.js
var require_query = __commonJS({
  "node_modules/pg/lib/query.js"(exports, module) {
    "use strict";
    var { EventEmitter } = __require("events");
    var Result2 = require_result();
    var utils = require_utils();
    var Query2 = class extends EventEmitter {
      constructor(config, values, callback) {
        super();
        config = utils.normalizeQueryConfig(config, values, callback);
        this.text = config.text;
        this.values = config.values;
        this.rows = config.rows;
        this.types = config.types;
        this.name = config.name;
        this.queryMode = config.queryMode;
        this.binary = config.binary;
        this.portal = config.portal || "";
        this.callback = config.callback;
        this._rowMode = config.rowMode;
        if (process.domain && config.callback) {
          this.callback = process.domain.bind(config.callback);
        }
        this._result = new Result2(this._rowMode, this.types);
        this._results = this._result;
        this._canceledDueToError = false;
      }
      requiresPreparation() {
        if (this.queryMode === "extended") {
          return true;
        }
        if (this.name) {
          return true;
        }
        if (this.rows) {
          return true;
        }
        if (!this.text) {
          return false;
        }
        if (!this.values) {
          return false;
        }
        return this.values.length > 0;
      }
      _checkForMultirow() {
        if (this._result.command) {
          if (!Array.isArray(this._results)) {
            this._results = [this._result];
          }
          this._result = new Result2(this._rowMode, this._result._types);
          this._results.push(this._result);
        }
      }
      // associates row metadata from the supplied
      // message with this query object
      // metadata used when parsing row results
      handleRowDescription(msg) {
        this._checkForMultirow();
        this._result.addFields(msg.fields);
        this._accumulateRows = this.callback || !this.listeners("row").length;
      }
      handleDataRow(msg) {
        let row;
        if (this._canceledDueToError) {
          return;
        }
        try {
          row = this._result.parseRow(msg.fields);
        } catch (err) {
          this._canceledDueToError = err;
          return;
        }
        this.emit("row", row, this._result);
        if (this._accumulateRows) {
          this._result.addRow(row);
        }
      }
      handleCommandComplete(msg, connection) {
        this._checkForMultirow();
        this._result.addCommandComplete(msg);
        if (this.rows) {
          connection.sync();
        }
      }
      // if a named prepared statement is created with empty query text
      // the backend will send an emptyQuery message but *not* a command complete message
      // since we pipeline sync immediately after execute we don't need to do anything here
      // unless we have rows specified, in which case we did not pipeline the initial sync call
      handleEmptyQuery(connection) {
        if (this.rows) {
          connection.sync();
        }
      }
      handleError(err, connection) {
        if (this._canceledDueToError) {
          err = this._canceledDueToError;
          this._canceledDueToError = false;
        }
        if (this.callback) {
          return this.callback(err);
        }
        this.emit("error", err);
      }
      handleReadyForQuery(con) {
        if (this._canceledDueToError) {
          return this.handleError(this._canceledDueToError, con);
        }
        if (this.callback) {
          try {
            this.callback(null, this._results);
          } catch (err) {
            process.nextTick(() => {
              throw err;
            });
          }
        }
        this.emit("end", this._results);
      }
      submit(connection) {
        if (typeof this.text !== "string" && typeof this.name !== "string") {
          return new Error("A query must have either text or a name. Supplying neither is unsupported.");
        }
        const previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
        if (this.text && previous && this.text !== previous) {
          return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
        }
        if (this.values && !Array.isArray(this.values)) {
          return new Error("Query values must be an array");
        }
        if (this.requiresPreparation()) {
          connection.stream.cork && connection.stream.cork();
          try {
            this.prepare(connection);
          } finally {
            connection.stream.uncork && connection.stream.uncork();
          }
        } else {
          connection.query(this.text);
        }
        return null;
      }
      hasBeenParsed(connection) {
        return this.name && (connection.parsedStatements[this.name] !== void 0 || connection.submittedNamedStatements[this.name] !== void 0);
      }
      handlePortalSuspended(connection) {
        this._getRows(connection, this.rows);
      }
      _getRows(connection, rows) {
        connection.execute({
          portal: this.portal,
          rows
        });
        if (!rows) {
          connection.sync();
        } else {
          connection.flush();
        }
      }
      // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
      prepare(connection) {
        if (!this.hasBeenParsed(connection)) {
          connection.parse({
            text: this.text,
            name: this.name,
            types: this.types
          });
          if (this.name) {
            connection.submittedNamedStatements[this.name] = this.text;
          }
        }
        try {
          connection.bind({
            portal: this.portal,
            statement: this.name,
            values: this.values,
            binary: this.binary,
            valueMapper: utils.prepareValue
          });
        } catch (err) {
          connection.close({ type: "S", name: this.name });
          connection.sync();
          this.handleError(err, connection);
          return;
        }
        connection.describe({
          type: "P",
          name: this.portal || ""
        });
        this._getRows(connection, this.rows);
      }
      handleCopyInResponse(connection) {
        connection.sendCopyFail("No source stream defined");
      }
      handleCopyData(msg, connection) {
      }
    };
    module.exports = Query2;
  }
});

// node_modules/pg-protocol/dist/messages.js
var require_messages = __commonJS({
  "node_modules/pg-protocol/dist/messages.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NoticeMessage = exports.DataRowMessage = exports.CommandCompleteMessage = exports.ReadyForQueryMessage = exports.NotificationResponseMessage = exports.BackendKeyDataMessage = exports.AuthenticationMD5Password = exports.ParameterStatusMessage = exports.ParameterDescriptionMessage = exports.RowDescriptionMessage = exports.Field = exports.CopyResponse = exports.CopyDataMessage = exports.DatabaseError = exports.copyDone = exports.emptyQuery = exports.replicationStart = exports.portalSuspended = exports.noData = exports.closeComplete = exports.bindComplete = exports.parseComplete = void 0;
    exports.parseComplete = {
      name: "parseComplete",
      length: 5
    };
    exports.bindComplete = {
      name: "bindComplete",
      length: 5
    };
    exports.closeComplete = {
      name: "closeComplete",
      length: 5
    };
    exports.noData = {
      name: "noData",
      length: 5
    };
    exports.portalSuspended = {
      name: "portalSuspended",
      length: 5
    };
    exports.replicationStart = {
      name: "replicationStart",
      length: 4
    };
    exports.emptyQuery = {
      name: "emptyQuery",
      length: 4
    };
    exports.copyDone = {
      name: "copyDone",
      length: 4
    };
    var DatabaseError2 = class extends Error {
      constructor(message, length, name) {
        super(message);
        this.length = length;
        this.name = name;
      }
    };
    exports.DatabaseError = DatabaseError2;
    var CopyDataMessage = class {
      constructor(length, chunk) {
        this.length = length;
        this.chunk = chunk;
        this.name = "copyData";
      }
    };
    exports.CopyDataMessage = CopyDataMessage;
    var CopyResponse = class {
      constructor(length, name, binary, columnCount) {
        this.length = length;
        this.name = name;
        this.binary = binary;
        this.columnTypes = new Array(columnCount);
      }
    };
    exports.CopyResponse = CopyResponse;
    var Field = class {
      constructor(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
        this.name = name;
        this.tableID = tableID;
        this.columnID = columnID;
        this.dataTypeID = dataTypeID;
        this.dataTypeSize = dataTypeSize;
        this.dataTypeModifier = dataTypeModifier;
        this.format = format;
      }
    };
    exports.Field = Field;
    var RowDescriptionMessage = class {
      constructor(length, fieldCount) {
        this.length = length;
        this.fieldCount = fieldCount;
        this.name = "rowDescription";
        this.fields = new Array(this.fieldCount);
      }
    };
    exports.RowDescriptionMessage = RowDescriptionMessage;
    var ParameterDescriptionMessage = class {
      constructor(length, parameterCount) {
        this.length = length;
        this.parameterCount = parameterCount;
        this.name = "parameterDescription";
        this.dataTypeIDs = new Array(this.parameterCount);
      }
    };
    exports.ParameterDescriptionMessage = ParameterDescriptionMessage;
    var ParameterStatusMessage = class {
      constructor(length, parameterName, parameterValue) {
        this.length = length;
        this.parameterName = parameterName;
        this.parameterValue = parameterValue;
        this.name = "parameterStatus";
      }
    };
    exports.ParameterStatusMessage = ParameterStatusMessage;
    var AuthenticationMD5Password = class {
      constructor(length, salt) {
        this.length = length;
        this.salt = salt;
        this.name = "authenticationMD5Password";
      }
    };
    exports.AuthenticationMD5Password = AuthenticationMD5Password;
    var BackendKeyDataMessage = class {
      constructor(length, processID, secretKey) {
        this.length = length;
        this.processID = processID;
        this.secretKey = secretKey;
        this.name = "backendKeyData";
      }
    };
    exports.BackendKeyDataMessage = BackendKeyDataMessage;
    var NotificationResponseMessage = class {
      constructor(length, processId, channel, payload) {
        this.length = length;
        this.processId = processId;
        this.channel = channel;
        this.payload = payload;
        this.name = "notification";
      }
    };
    exports.NotificationResponseMessage = NotificationResponseMessage;
    var ReadyForQueryMessage = class {
      constructor(length, status) {
        this.length = length;
        this.status = status;
        this.name = "readyForQuery";
      }
    };
    exports.ReadyForQueryMessage = ReadyForQueryMessage;
    var CommandCompleteMessage = class {
      constructor(length, text6) {
        this.length = length;
        this.text = text6;
        this.name = "commandComplete";
      }
    };
    exports.CommandCompleteMessage = CommandCompleteMessage;
    var DataRowMessage = class {
      constructor(length, fields) {
        this.length = length;
        this.fields = fields;
        this.name = "dataRow";
        this.fieldCount = fields.length;
      }
    };
    exports.DataRowMessage = DataRowMessage;
    var NoticeMessage = class {
      constructor(length, message) {
        this.length = length;
        this.message = message;
        this.name = "notice";
      }
    };
    exports.NoticeMessage = NoticeMessage;
  }
});

// node_modules/pg-protocol/dist/buffer-writer.js
var require_buffer_writer = __commonJS({
  "node_modules/pg-protocol/dist/buffer-writer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Writer = void 0;
    var Writer = class {
      constructor(size = 256) {
        this.size = size;
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(size);
      }
      ensure(size) {
        const remaining = this.buffer.length - this.offset;
        if (remaining < size) {
          const oldBuffer = this.buffer;
          const newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
          this.buffer = Buffer.allocUnsafe(newSize);
          oldBuffer.copy(this.buffer, 0, 0, this.offset);
        }
      }
      addInt32(num) {
        this.ensure(4);
        this.buffer[this.offset++] = num >>> 24 & 255;
        this.buffer[this.offset++] = num >>> 16 & 255;
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addInt16(num) {
        this.ensure(2);
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addCString(string) {
        if (!string) {
          this.ensure(1);
        } else {
          const len = Buffer.byteLength(string);
          this.ensure(len + 1);
          this.buffer.write(string, this.offset, "utf-8");
          this.offset += len;
        }
        this.buffer[this.offset++] = 0;
        return this;
      }
      addString(string = "") {
        const len = Buffer.byteLength(string);
        this.ensure(len);
        this.buffer.write(string, this.offset);
        this.offset += len;
        return this;
      }
      // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
      // bytes. Postgres' Bind wire format prefixes every parameter with its length,
      // and doing it in one method computes Buffer.byteLength ONCE — the previous
      // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
      // three times (byteLength for the prefix, byteLength again inside addString,
      // then the encode), which is costly for large text parameters.
      addInt32PrefixedString(string) {
        const len = Buffer.byteLength(string);
        this.ensure(4 + len);
        const buffer4 = this.buffer;
        let offset = this.offset;
        buffer4[offset++] = len >>> 24 & 255;
        buffer4[offset++] = len >>> 16 & 255;
        buffer4[offset++] = len >>> 8 & 255;
        buffer4[offset++] = len >>> 0 & 255;
        buffer4.write(string, offset, "utf-8");
        this.offset = offset + len;
        return this;
      }
      add(otherBuffer) {
        this.ensure(otherBuffer.length);
        otherBuffer.copy(this.buffer, this.offset);
        this.offset += otherBuffer.length;
        return this;
      }
      /**
       * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
       */
      reserveUnsafe(size) {
        const offset = this.offset;
        this.ensure(size);
        this.offset += size;
        return offset;
      }
      join(code) {
        if (code) {
          this.buffer[this.headerPosition] = code;
          const length = this.offset - (this.headerPosition + 1);
          this.buffer.writeInt32BE(length, this.headerPosition + 1);
        }
        return this.buffer.slice(code ? 0 : 5, this.offset);
      }
      flush(code) {
        const result = this.join(code);
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(this.size);
        return result;
      }
      clear() {
        this.offset = 5;
        this.headerPosition = 0;
      }
    };
    exports.Writer = Writer;
  }
});

// node_modules/pg-protocol/dist/serializer.js
var require_serializer = __commonJS({
  "node_modules/pg-protocol/dist/serializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serialize = void 0;
    var buffer_writer_1 = require_buffer_writer();
    var writer = new buffer_writer_1.Writer();
    var startup = (opts) => {
      writer.addInt16(3).addInt16(0);
      for (const key of Object.keys(opts)) {
        writer.addCString(key).addCString(opts[key]);
      }
      writer.addCString("client_encoding").addCString("UTF8");
      const bodyBuffer = writer.addCString("").flush();
      const length = bodyBuffer.length + 4;
      return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
    };
    var requestSsl = () => {
      const response = Buffer.allocUnsafe(8);
      response.writeInt32BE(8, 0);
      response.writeInt32BE(80877103, 4);
      return response;
    };
    var password = (password2) => {
      return writer.addCString(password2).flush(
        112
        /* code.startup */
      );
    };
    var sendSASLInitialResponseMessage = function(mechanism, initialResponse) {
      writer.addCString(mechanism).addInt32PrefixedString(initialResponse);
      return writer.flush(
        112
        /* code.startup */
      );
    };
    var sendSCRAMClientFinalMessage = function(additionalData) {
      return writer.addString(additionalData).flush(
        112
        /* code.startup */
      );
    };
    var query = (text6) => {
      return writer.addCString(text6).flush(
        81
        /* code.query */
      );
    };
    var emptyArray = [];
    var parse = (query2) => {
      const name = query2.name || "";
      if (name.length > 63) {
        console.error("Warning! Postgres only supports 63 characters for query names.");
        console.error("You supplied %s (%s)", name, name.length);
        console.error("This can cause conflicts and silent errors executing queries");
      }
      const types2 = query2.types || emptyArray;
      const len = types2.length;
      const buffer4 = writer.addCString(name).addCString(query2.text).addInt16(len);
      for (let i = 0; i < len; i++) {
        buffer4.addInt32(types2[i]);
      }
      return writer.flush(
        80
        /* code.parse */
      );
    };
    var writeValues = function(values, valueMapper, formatsOffset) {
      const len = values.length;
      for (let i = 0; i < len; i++) {
        const mappedVal = valueMapper ? valueMapper(values[i], i) : values[i];
        let formatByte = 0;
        if (mappedVal == null) {
          writer.addInt32(-1);
        } else if (mappedVal instanceof Buffer) {
          formatByte = 1;
          writer.addInt32(mappedVal.length);
          writer.add(mappedVal);
        } else {
          writer.addInt32PrefixedString(mappedVal);
        }
        const buf = writer.buffer;
        buf[formatsOffset++] = 0;
        buf[formatsOffset++] = formatByte;
      }
    };
    var bind = (config = {}) => {
      const portal = config.portal || "";
      const statement = config.statement || "";
      const binary = config.binary || false;
      const values = config.values || emptyArray;
      const len = values.length;
      writer.addCString(portal).addCString(statement);
      writer.addInt16(len);
      const formatsOffset = writer.reserveUnsafe(len * 2);
      writer.addInt16(len);
      try {
        writeValues(values, config.valueMapper, formatsOffset);
      } catch (err) {
        writer.clear();
        throw err;
      }
      writer.addInt16(1);
      writer.addInt16(
        binary ? 1 : 0
        /* ParamType.STRING */
      );
      return writer.flush(
        66
        /* code.bind */
      );
    };
    var emptyExecute = Buffer.from([69, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    var execute = (config) => {
      if (!config || !config.portal && !config.rows) {
        return emptyExecute;
      }
      const portal = config.portal || "";
      const rows = config.rows || 0;
      const portalLength = Buffer.byteLength(portal);
      const len = 4 + portalLength + 1 + 4;
      const buff = Buffer.allocUnsafe(1 + len);
      buff[0] = 69;
      buff.writeInt32BE(len, 1);
      buff.write(portal, 5, "utf-8");
      buff[portalLength + 5] = 0;
      buff.writeUInt32BE(rows, buff.length - 4);
      return buff;
    };
    var cancel = (processID, secretKey) => {
      const buffer4 = Buffer.allocUnsafe(16);
      buffer4.writeInt32BE(16, 0);
      buffer4.writeInt16BE(1234, 4);
      buffer4.writeInt16BE(5678, 6);
      buffer4.writeInt32BE(processID, 8);
      buffer4.writeInt32BE(secretKey, 12);
      return buffer4;
    };
    var cstringMessage = (code, string) => {
      const stringLen = Buffer.byteLength(string);
      const len = 4 + stringLen + 1;
      const buffer4 = Buffer.allocUnsafe(1 + len);
      buffer4[0] = code;
      buffer4.writeInt32BE(len, 1);
      buffer4.write(string, 5, "utf-8");
      buffer4[len] = 0;
      return buffer4;
    };
    var emptyDescribePortal = writer.addCString("P").flush(
      68
      /* code.describe */
    );
    var emptyDescribeStatement = writer.addCString("S").flush(
      68
      /* code.describe */
    );
    var describe = (msg) => {
      return msg.name ? cstringMessage(68, `${msg.type}${msg.name || ""}`) : msg.type === "P" ? emptyDescribePortal : emptyDescribeStatement;
    };
    var close = (msg) => {
      const text6 = `${msg.type}${msg.name || ""}`;
      return cstringMessage(67, text6);
    };
    var copyData = (chunk) => {
      return writer.add(chunk).flush(
        100
        /* code.copyFromChunk */
      );
    };
    var copyFail = (message) => {
      return cstringMessage(102, message);
    };
    var codeOnlyBuffer = (code) => Buffer.from([code, 0, 0, 0, 4]);
    var flushBuffer = codeOnlyBuffer(
      72
      /* code.flush */
    );
    var syncBuffer = codeOnlyBuffer(
      83
      /* code.sync */
    );
    var endBuffer = codeOnlyBuffer(
      88
      /* code.end */
    );
    var copyDoneBuffer = codeOnlyBuffer(
      99
      /* code.copyDone */
    );
    var serialize = {
      startup,
      password,
      requestSsl,
      sendSASLInitialResponseMessage,
      sendSCRAMClientFinalMessage,
      query,
      parse,
      bind,
      execute,
      describe,
      close,
      flush: () => flushBuffer,
      sync: () => syncBuffer,
      end: () => endBuffer,
      copyData,
      copyDone: () => copyDoneBuffer,
      copyFail,
      cancel
    };
    exports.serialize = serialize;
  }
});

// node_modules/pg-protocol/dist/buffer-reader.js
var require_buffer_reader = __commonJS({
  "node_modules/pg-protocol/dist/buffer-reader.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BufferReader = void 0;
    var BufferReader = class {
      constructor(offset = 0) {
        this.offset = offset;
        this.buffer = Buffer.allocUnsafe(0);
        this.encoding = "utf-8";
      }
      setBuffer(offset, buffer4) {
        this.offset = offset;
        this.buffer = buffer4;
      }
      int16() {
        const result = this.buffer.readInt16BE(this.offset);
        this.offset += 2;
        return result;
      }
      byte() {
        const result = this.buffer[this.offset];
        this.offset++;
        return result;
      }
      int32() {
        const result = this.buffer.readInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      uint32() {
        const result = this.buffer.readUInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      string(length) {
        const result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
      cstring() {
        const start = this.offset;
        let end = start;
        while (this.buffer[end++]) {
        }
        this.offset = end;
        return this.buffer.toString(this.encoding, start, end - 1);
      }
      bytes(length) {
        const result = this.buffer.slice(this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
    };
    exports.BufferReader = BufferReader;
  }
});

// node_modules/pg-protocol/dist/parser.js
var require_parser = __commonJS({
  "node_modules/pg-protocol/dist/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Parser = void 0;
    var messages_1 = require_messages();
    var buffer_reader_1 = require_buffer_reader();
    var CODE_LENGTH = 1;
    var LEN_LENGTH = 4;
    var HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH;
    var LATEINIT_LENGTH = -1;
    var emptyBuffer = Buffer.allocUnsafe(0);
    var Parser = class {
      constructor(opts) {
        this.buffer = emptyBuffer;
        this.bufferLength = 0;
        this.bufferOffset = 0;
        this.reader = new buffer_reader_1.BufferReader();
        if ((opts === null || opts === void 0 ? void 0 : opts.mode) === "binary") {
          throw new Error("Binary mode not supported yet");
        }
        this.mode = (opts === null || opts === void 0 ? void 0 : opts.mode) || "text";
      }
      parse(buffer4, callback) {
        this.mergeBuffer(buffer4);
        const bufferFullLength = this.bufferOffset + this.bufferLength;
        let offset = this.bufferOffset;
        while (offset + HEADER_LENGTH <= bufferFullLength) {
          const code = this.buffer[offset];
          const length = this.buffer.readUInt32BE(offset + CODE_LENGTH);
          const fullMessageLength = CODE_LENGTH + length;
          if (fullMessageLength + offset <= bufferFullLength) {
            const message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
            callback(message);
            offset += fullMessageLength;
          } else {
            break;
          }
        }
        if (offset === bufferFullLength) {
          this.buffer = emptyBuffer;
          this.bufferLength = 0;
          this.bufferOffset = 0;
        } else {
          this.bufferLength = bufferFullLength - offset;
          this.bufferOffset = offset;
        }
      }
      mergeBuffer(buffer4) {
        if (this.bufferLength > 0) {
          const newLength = this.bufferLength + buffer4.byteLength;
          const newFullLength = newLength + this.bufferOffset;
          if (newFullLength > this.buffer.byteLength) {
            let newBuffer;
            if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength) {
              newBuffer = this.buffer;
            } else {
              let newBufferLength = this.buffer.byteLength * 2;
              while (newLength >= newBufferLength) {
                newBufferLength *= 2;
              }
              newBuffer = Buffer.allocUnsafe(newBufferLength);
            }
            this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength);
            this.buffer = newBuffer;
            this.bufferOffset = 0;
          }
          buffer4.copy(this.buffer, this.bufferOffset + this.bufferLength);
          this.bufferLength = newLength;
        } else {
          this.buffer = buffer4;
          this.bufferOffset = 0;
          this.bufferLength = buffer4.byteLength;
        }
      }
      handlePacket(offset, code, length, bytes) {
        const { reader } = this;
        reader.setBuffer(offset, bytes);
        let message;
        switch (code) {
          case 50:
            message = messages_1.bindComplete;
            break;
          case 49:
            message = messages_1.parseComplete;
            break;
          case 51:
            message = messages_1.closeComplete;
            break;
          case 110:
            message = messages_1.noData;
            break;
          case 115:
            message = messages_1.portalSuspended;
            break;
          case 99:
            message = messages_1.copyDone;
            break;
          case 87:
            message = messages_1.replicationStart;
            break;
          case 73:
            message = messages_1.emptyQuery;
            break;
          case 68:
            message = parseDataRowMessage(reader);
            break;
          case 67:
            message = parseCommandCompleteMessage(reader);
            break;
          case 90:
            message = parseReadyForQueryMessage(reader);
            break;
          case 65:
            message = parseNotificationMessage(reader);
            break;
          case 82:
            message = parseAuthenticationResponse(reader, length);
            break;
          case 83:
            message = parseParameterStatusMessage(reader);
            break;
          case 75:
            message = parseBackendKeyData(reader);
            break;
          case 69:
            message = parseErrorMessage(reader, "error");
            break;
          case 78:
            message = parseErrorMessage(reader, "notice");
            break;
          case 84:
            message = parseRowDescriptionMessage(reader);
            break;
          case 116:
            message = parseParameterDescriptionMessage(reader);
            break;
          case 71:
            message = parseCopyInMessage(reader);
            break;
          case 72:
            message = parseCopyOutMessage(reader);
            break;
          case 100:
            message = parseCopyData(reader, length);
            break;
          default:
            return new messages_1.DatabaseError("received invalid response: " + code.toString(16), length, "error");
        }
        reader.setBuffer(0, emptyBuffer);
        message.length = length;
        return message;
      }
    };
    exports.Parser = Parser;
    var parseReadyForQueryMessage = (reader) => {
      const status = reader.string(1);
      return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
    };
    var parseCommandCompleteMessage = (reader) => {
      const text6 = reader.cstring();
      return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text6);
    };
    var parseCopyData = (reader, length) => {
      const chunk = reader.bytes(length - 4);
      return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk);
    };
    var parseCopyInMessage = (reader) => parseCopyMessage(reader, "copyInResponse");
    var parseCopyOutMessage = (reader) => parseCopyMessage(reader, "copyOutResponse");
    var parseCopyMessage = (reader, messageName) => {
      const isBinary = reader.byte() !== 0;
      const columnCount = reader.int16();
      const message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
      for (let i = 0; i < columnCount; i++) {
        message.columnTypes[i] = reader.int16();
      }
      return message;
    };
    var parseNotificationMessage = (reader) => {
      const processId = reader.int32();
      const channel = reader.cstring();
      const payload = reader.cstring();
      return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
    };
    var parseRowDescriptionMessage = (reader) => {
      const fieldCount = reader.int16();
      const message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        message.fields[i] = parseField(reader);
      }
      return message;
    };
    var parseField = (reader) => {
      const name = reader.cstring();
      const tableID = reader.uint32();
      const columnID = reader.int16();
      const dataTypeID = reader.uint32();
      const dataTypeSize = reader.int16();
      const dataTypeModifier = reader.int32();
      const mode = reader.int16() === 0 ? "text" : "binary";
      return new messages_1.Field(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
    };
    var parseParameterDescriptionMessage = (reader) => {
      const parameterCount = reader.int16();
      const message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
      for (let i = 0; i < parameterCount; i++) {
        message.dataTypeIDs[i] = reader.uint32();
      }
      return message;
    };
    var parseDataRowMessage = (reader) => {
      const fieldCount = reader.int16();
      const fields = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        const len = reader.int32();
        fields[i] = len === -1 ? null : reader.string(len);
      }
      return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
    };
    var parseParameterStatusMessage = (reader) => {
      const name = reader.cstring();
      const value = reader.cstring();
      return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name, value);
    };
    var parseBackendKeyData = (reader) => {
      const processID = reader.int32();
      const secretKey = reader.int32();
      return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
    };
    var parseAuthenticationResponse = (reader, length) => {
      const code = reader.int32();
      const message = {
        name: "authenticationOk",
        length
      };
      switch (code) {
        case 0:
          break;
        case 3:
          if (message.length === 8) {
            message.name = "authenticationCleartextPassword";
          }
          break;
        case 5:
          if (message.length === 12) {
            message.name = "authenticationMD5Password";
            const salt = reader.bytes(4);
            return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
          }
          break;
        case 10:
          {
            message.name = "authenticationSASL";
            message.mechanisms = [];
            let mechanism;
            do {
              mechanism = reader.cstring();
              if (mechanism) {
                message.mechanisms.push(mechanism);
              }
            } while (mechanism);
          }
          break;
        case 11:
          message.name = "authenticationSASLContinue";
          message.data = reader.string(length - 8);
          break;
        case 12:
          message.name = "authenticationSASLFinal";
          message.data = reader.string(length - 8);
          break;
        default:
          throw new Error("Unknown authenticationOk message type " + code);
      }
      return message;
    };
    var parseErrorMessage = (reader, name) => {
      const fields = {};
      let fieldType = reader.string(1);
      while (fieldType !== "\0") {
        fields[fieldType] = reader.cstring();
        fieldType = reader.string(1);
      }
      const messageValue = fields.M;
      const message = name === "notice" ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue) : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name);
      message.severity = fields.S;
      message.code = fields.C;
      message.detail = fields.D;
      message.hint = fields.H;
      message.position = fields.P;
      message.internalPosition = fields.p;
      message.internalQuery = fields.q;
      message.where = fields.W;
      message.schema = fields.s;
      message.table = fields.t;
      message.column = fields.c;
      message.dataType = fields.d;
      message.constraint = fields.n;
      message.file = fields.F;
      message.line = fields.L;
      message.routine = fields.R;
      return message;
    };
  }
});

// node_modules/pg-protocol/dist/index.js
var require_dist = __commonJS({
  "node_modules/pg-protocol/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DatabaseError = exports.serialize = void 0;
    exports.parse = parse;
    var messages_1 = require_messages();
    Object.defineProperty(exports, "DatabaseError", { enumerable: true, get: function() {
      return messages_1.DatabaseError;
    } });
    var serializer_1 = require_serializer();
    Object.defineProperty(exports, "serialize", { enumerable: true, get: function() {
      return serializer_1.serialize;
    } });
    var parser_1 = require_parser();
    function parse(stream, callback) {
      const parser = new parser_1.Parser();
      stream.on("data", (buffer4) => parser.parse(buffer4, callback));
      return new Promise((resolve4) => stream.on("end", () => resolve4()));
    }
  }
});

// node_modules/pg-cloudflare/dist/empty.js
var require_empty = __commonJS({
  "node_modules/pg-cloudflare/dist/empty.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = {};
  }
});

// node_modules/pg/lib/stream.js
var require_stream = __commonJS({
  "node_modules/pg/lib/stream.js"(exports, module) {
    var { getStream, getSecureStream } = getStreamFuncs();
    module.exports = {
      /**
       * Get a socket stream compatible with the current runtime environment.
       * @returns {Duplex}
       */
      getStream,
      /**
       * Get a TLS secured socket, compatible with the current environment,
       * using the socket and other settings given in `options`.
       * @returns {Duplex}
       */
      getSecureStream
    };
    function getNodejsStreamFuncs() {
      function getStream2(ssl) {
        const net = __require("net");
        return new net.Socket();
      }
      function getSecureStream2(options) {
        const tls = __require("tls");
        return tls.connect(options);
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function getCloudflareStreamFuncs() {
      function getStream2(ssl) {
        const { CloudflareSocket } = require_empty();
        return new CloudflareSocket(ssl);
      }
      function getSecureStream2(options) {
        options.socket.startTls(options);
        return options.socket;
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function isCloudflareRuntime() {
      if (typeof navigator === "object" && navigator !== null && typeof navigator.userAgent === "string") {
        return navigator.userAgent === "Cloudflare-Workers";
      }
      if (typeof Response === "function") {
        const resp = new Response(null, { cf: { thing: true } });
        if (typeof resp.cf === "object" && resp.cf !== null && resp.cf.thing) {
          return true;
        }
      }
      return false;
    }
    function getStreamFuncs() {
      if (isCloudflareRuntime()) {
        return getCloudflareStreamFuncs();
      }
      return getNodejsStreamFuncs();
    }
  }
});

// node_modules/pg/lib/connection.js
var require_connection = __commonJS({
  "node_modules/pg/lib/connection.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var { parse, serialize } = require_dist();
    var stream = require_stream();
    var { getStream } = stream;
    var flushBuffer = serialize.flush();
    var syncBuffer = serialize.sync();
    var endBuffer = serialize.end();
    var Connection2 = class extends EventEmitter {
      constructor(config) {
        super();
        config = config || {};
        this.stream = config.stream || getStream(config.ssl);
        if (typeof this.stream === "function") {
          this.stream = this.stream(config);
        }
        this._keepAlive = config.keepAlive;
        this._keepAliveInitialDelayMillis = config.keepAliveInitialDelayMillis;
        this.parsedStatements = {};
        this.submittedNamedStatements = {};
        this.ssl = config.ssl || false;
        this.sslNegotiation = config.sslNegotiation || "postgres";
        this._ending = false;
        this._emitMessage = false;
        const self = this;
        this.on("newListener", function(eventName) {
          if (eventName === "message") {
            self._emitMessage = true;
          }
        });
      }
      connect(port, host) {
        const self = this;
        this._connecting = true;
        this.stream.setNoDelay(true);
        this.stream.connect(port, host);
        this.stream.once("connect", function() {
          if (self._keepAlive) {
            self.stream.setKeepAlive(true, self._keepAliveInitialDelayMillis);
          }
          self.emit("connect");
        });
        const reportStreamError = function(error) {
          if (self._ending && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
            return;
          }
          self.emit("error", error);
        };
        this.stream.on("error", reportStreamError);
        this.stream.on("close", function() {
          self.emit("end");
        });
        if (!this.ssl) {
          return this.attachListeners(this.stream);
        }
        if (this.sslNegotiation === "direct") {
          return this.stream.once("connect", function() {
            self.upgradeToSSL(host, reportStreamError);
          });
        }
        this.stream.once("data", function(buffer4) {
          const responseCode = buffer4.toString("utf8");
          switch (responseCode) {
            case "S":
              break;
            case "N":
              self.stream.end();
              return self.emit("error", new Error("The server does not support SSL connections"));
            default:
              self.stream.end();
              return self.emit("error", new Error("There was an error establishing an SSL connection"));
          }
          self.upgradeToSSL(host, reportStreamError);
        });
      }
      upgradeToSSL(host, reportStreamError) {
        const self = this;
        const options = {
          socket: self.stream,
          // tls.connect checks the server identity against `servername`, falling
          // back to `host` and then to 'localhost'. `servername` must stay unset
          // for IP addresses (see below), so `host` is needed to keep certificate
          // validation working when connecting to an IP address.
          host
        };
        if (self.ssl !== true) {
          Object.assign(options, self.ssl);
          if ("key" in self.ssl) {
            options.key = self.ssl.key;
          }
        }
        if (self.sslNegotiation === "direct") {
          options.ALPNProtocols = ["postgresql"];
        }
        const net = __require("net");
        if (net.isIP && net.isIP(host) === 0) {
          options.servername = host;
        }
        try {
          self.stream = stream.getSecureStream(options);
        } catch (err) {
          return self.emit("error", err);
        }
        self.attachListeners(self.stream);
        self.stream.on("error", reportStreamError);
        self.emit("sslconnect");
      }
      attachListeners(stream2) {
        parse(stream2, (msg) => {
          const eventName = msg.name === "error" ? "errorMessage" : msg.name;
          if (this._emitMessage) {
            this.emit("message", msg);
          }
          this.emit(eventName, msg);
        });
      }
      requestSsl() {
        this.stream.write(serialize.requestSsl());
      }
      startup(config) {
        this.stream.write(serialize.startup(config));
      }
      cancel(processID, secretKey) {
        this._send(serialize.cancel(processID, secretKey));
      }
      password(password) {
        this._send(serialize.password(password));
      }
      sendSASLInitialResponseMessage(mechanism, initialResponse) {
        this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
      }
      sendSCRAMClientFinalMessage(additionalData) {
        this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
      }
      _send(buffer4) {
        if (!this.stream.writable) {
          return false;
        }
        return this.stream.write(buffer4);
      }
      query(text6) {
        this._send(serialize.query(text6));
      }
      // send parse message
      parse(query) {
        this._send(serialize.parse(query));
      }
      // send bind message
      bind(config) {
        this._send(serialize.bind(config));
      }
      // send execute message
      execute(config) {
        this._send(serialize.execute(config));
      }
      flush() {
        if (this.stream.writable) {
          this.stream.write(flushBuffer);
        }
      }
      sync() {
        this._send(syncBuffer);
      }
      ref() {
        this.stream.ref();
      }
      unref() {
        this.stream.unref();
      }
      end() {
        this._ending = true;
        if (!this._connecting || !this.stream.writable) {
          this.stream.end();
          return;
        }
        return this.stream.write(endBuffer, () => {
          this.stream.end();
        });
      }
      close(msg) {
        this._send(serialize.close(msg));
      }
      describe(msg) {
        this._send(serialize.describe(msg));
      }
      sendCopyFromChunk(chunk) {
        this._send(serialize.copyData(chunk));
      }
      endCopyFrom() {
        this._send(serialize.copyDone());
      }
      sendCopyFail(msg) {
        this._send(serialize.copyFail(msg));
      }
    };
    module.exports = Connection2;
  }
});

// node_modules/split2/index.js
var require_split2 = __commonJS({
  "node_modules/split2/index.js"(exports, module) {
    "use strict";
    var { Transform: Transform2 } = __require("stream");
    var { StringDecoder } = __require("string_decoder");
    var kLast = /* @__PURE__ */ Symbol("last");
    var kDecoder = /* @__PURE__ */ Symbol("decoder");
    function transform(chunk, enc, cb) {
      let list;
      if (this.overflow) {
        const buf = this[kDecoder].write(chunk);
        list = buf.split(this.matcher);
        if (list.length === 1) return cb();
        list.shift();
        this.overflow = false;
      } else {
        this[kLast] += this[kDecoder].write(chunk);
        list = this[kLast].split(this.matcher);
      }
      this[kLast] = list.pop();
      for (let i = 0; i < list.length; i++) {
        try {
          push(this, this.mapper(list[i]));
        } catch (error) {
          return cb(error);
        }
      }
      this.overflow = this[kLast].length > this.maxLength;
      if (this.overflow && !this.skipOverflow) {
        cb(new Error("maximum buffer reached"));
        return;
      }
      cb();
    }
    function flush(cb) {
      this[kLast] += this[kDecoder].end();
      if (this[kLast]) {
        try {
          push(this, this.mapper(this[kLast]));
        } catch (error) {
          return cb(error);
        }
      }
      cb();
    }
    function push(self, val) {
      if (val !== void 0) {
        self.push(val);
      }
    }
    function noop(incoming) {
      return incoming;
    }
    function split(matcher, mapper, options) {
      matcher = matcher || /\r?\n/;
      mapper = mapper || noop;
      options = options || {};
      switch (arguments.length) {
        case 1:
          if (typeof matcher === "function") {
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof matcher === "object" && !(matcher instanceof RegExp) && !matcher[Symbol.split]) {
            options = matcher;
            matcher = /\r?\n/;
          }
          break;
        case 2:
          if (typeof matcher === "function") {
            options = mapper;
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof mapper === "object") {
            options = mapper;
            mapper = noop;
          }
      }
      options = Object.assign({}, options);
      options.autoDestroy = true;
      options.transform = transform;
      options.flush = flush;
      options.readableObjectMode = true;
      const stream = new Transform2(options);
      stream[kLast] = "";
      stream[kDecoder] = new StringDecoder("utf8");
      stream.matcher = matcher;
      stream.mapper = mapper;
      stream.maxLength = options.maxLength;
      stream.skipOverflow = options.skipOverflow || false;
      stream.overflow = false;
      stream._destroy = function(err, cb) {
        this._writableState.errorEmitted = false;
        cb(err);
      };
      return stream;
    }
    module.exports = split;
  }
});

// node_modules/pgpass/lib/helper.js
var require_helper = __commonJS({
  "node_modules/pgpass/lib/helper.js"(exports, module) {
    "use strict";
    var path = __require("path");
    var Stream = __require("stream").Stream;
    var split = require_split2();
    var util = __require("util");
    var defaultPort = 5432;
    var isWin = process.platform === "win32";
    var warnStream = process.stderr;
    var S_IRWXG = 56;
    var S_IRWXO = 7;
    var S_IFMT = 61440;
    var S_IFREG = 32768;
    function isRegFile(mode) {
      return (mode & S_IFMT) == S_IFREG;
    }
    var fieldNames = ["host", "port", "database", "user", "password"];
    var nrOfFields = fieldNames.length;
    var passKey = fieldNames[nrOfFields - 1];
    function warn() {
      var isWritable = warnStream instanceof Stream && true === warnStream.writable;
      if (isWritable) {
        var args = Array.prototype.slice.call(arguments).concat("\n");
        warnStream.write(util.format.apply(util, args));
      }
    }
    Object.defineProperty(module.exports, "isWin", {
      get: function() {
        return isWin;
      },
      set: function(val) {
        isWin = val;
      }
    });
    module.exports.warnTo = function(stream) {
      var old = warnStream;
      warnStream = stream;
      return old;
    };
    module.exports.getFileName = function(rawEnv) {
      var env = rawEnv || process.env;
      var file = env.PGPASSFILE || (isWin ? path.join(env.APPDATA || "./", "postgresql", "pgpass.conf") : path.join(env.HOME || "./", ".pgpass"));
      return file;
    };
    module.exports.usePgPass = function(stats, fname) {
      if (Object.prototype.hasOwnProperty.call(process.env, "PGPASSWORD")) {
        return false;
      }
      if (isWin) {
        return true;
      }
      fname = fname || "<unkn>";
      if (!isRegFile(stats.mode)) {
        warn('WARNING: password file "%s" is not a plain file', fname);
        return false;
      }
      if (stats.mode & (S_IRWXG | S_IRWXO)) {
        warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname);
        return false;
      }
      return true;
    };
    var matcher = module.exports.match = function(connInfo, entry) {
      return fieldNames.slice(0, -1).reduce(function(prev, field, idx) {
        if (idx == 1) {
          if (Number(connInfo[field] || defaultPort) === Number(entry[field])) {
            return prev && true;
          }
        }
        return prev && (entry[field] === "*" || entry[field] === connInfo[field]);
      }, true);
    };
    module.exports.getPassword = function(connInfo, stream, cb) {
      var pass;
      var lineStream = stream.pipe(split());
      function onLine(line) {
        var entry = parseLine(line);
        if (entry && isValidEntry(entry) && matcher(connInfo, entry)) {
          pass = entry[passKey];
          lineStream.end();
        }
      }
      var onEnd = function() {
        stream.destroy();
        cb(pass);
      };
      var onErr = function(err) {
        stream.destroy();
        warn("WARNING: error on reading file: %s", err);
        cb(void 0);
      };
      stream.on("error", onErr);
      lineStream.on("data", onLine).on("end", onEnd).on("error", onErr);
    };
    var parseLine = module.exports.parseLine = function(line) {
      if (line.length < 11 || line.match(/^\s+#/)) {
        return null;
      }
      var curChar = "";
      var prevChar = "";
      var fieldIdx = 0;
      var startIdx = 0;
      var endIdx = 0;
      var obj = {};
      var isLastField = false;
      var addToObj = function(idx, i0, i1) {
        var field = line.substring(i0, i1);
        if (!Object.hasOwnProperty.call(process.env, "PGPASS_NO_DEESCAPE")) {
          field = field.replace(/\\([:\\])/g, "$1");
        }
        obj[fieldNames[idx]] = field;
      };
      for (var i = 0; i < line.length - 1; i += 1) {
        curChar = line.charAt(i + 1);
        prevChar = line.charAt(i);
        isLastField = fieldIdx == nrOfFields - 1;
        if (isLastField) {
          addToObj(fieldIdx, startIdx);
          break;
        }
        if (i >= 0 && curChar == ":" && prevChar !== "\\") {
          addToObj(fieldIdx, startIdx, i + 1);
          startIdx = i + 2;
          fieldIdx += 1;
        }
      }
      obj = Object.keys(obj).length === nrOfFields ? obj : null;
      return obj;
    };
    var isValidEntry = module.exports.isValidEntry = function(entry) {
      var rules = {
        // host
        0: function(x) {
          return x.length > 0;
        },
        // port
        1: function(x) {
          if (x === "*") {
            return true;
          }
          x = Number(x);
          return isFinite(x) && x > 0 && x < 9007199254740992 && Math.floor(x) === x;
        },
        // database
        2: function(x) {
          return x.length > 0;
        },
        // username
        3: function(x) {
          return x.length > 0;
        },
        // password
        4: function(x) {
          return x.length > 0;
        }
      };
      for (var idx = 0; idx < fieldNames.length; idx += 1) {
        var rule = rules[idx];
        var value = entry[fieldNames[idx]] || "";
        var res = rule(value);
        if (!res) {
          return false;
        }
      }
      return true;
    };
  }
});

// node_modules/pgpass/lib/index.js
var require_lib = __commonJS({
  "node_modules/pgpass/lib/index.js"(exports, module) {
    "use strict";
    var path = __require("path");
    var fs = __require("fs");
    var helper = require_helper();
    module.exports = function(connInfo, cb) {
      var file = helper.getFileName();
      fs.stat(file, function(err, stat2) {
        if (err || !helper.usePgPass(stat2, file)) {
          return cb(void 0);
        }
        var st = fs.createReadStream(file);
        helper.getPassword(connInfo, st, cb);
      });
    };
    module.exports.warnTo = helper.warnTo;
  }
});

// node_modules/pg/lib/client.js
var require_client = __commonJS({
  "node_modules/pg/lib/client.js"(exports, module) {
    var EventEmitter = __require("events").EventEmitter;
    var utils = require_utils();
    var nodeUtils = __require("util");
    var sasl = require_sasl();
    var TypeOverrides2 = require_type_overrides();
    var ConnectionParameters = require_connection_parameters();
    var Query2 = require_query();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var crypto = require_utils2();
    var activeQueryDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.activeQuery is deprecated and will be removed in pg@9.0"
    );
    var queryQueueDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.queryQueue is deprecated and will be removed in pg@9.0."
    );
    var pgPassDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "pgpass support is deprecated and will be removed in pg@9.0. You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code."
    );
    var byoPromiseDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0."
    );
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    function coerceNumberOrDefault(value, defaultValue) {
      if (typeof value === "number") {
        return Number.isFinite(value) ? value : defaultValue;
      }
      if (typeof value === "string" && value.trim() !== "") {
        const n = Number(value);
        return Number.isFinite(n) ? n : defaultValue;
      }
      return defaultValue;
    }
    var Client2 = class extends EventEmitter {
      constructor(config) {
        super();
        this.connectionParameters = new ConnectionParameters(config);
        this.user = this.connectionParameters.user;
        this.database = this.connectionParameters.database;
        this.port = this.connectionParameters.port;
        this.host = this.connectionParameters.host;
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: this.connectionParameters.password
        });
        this.replication = this.connectionParameters.replication;
        const c = config || {};
        if (c.Promise) {
          byoPromiseDeprecationNotice();
        }
        this._Promise = c.Promise || global.Promise;
        this._types = new TypeOverrides2(c.types);
        this._ending = false;
        this._ended = false;
        this._connecting = false;
        this._connected = false;
        this._connectionError = false;
        this._queryable = true;
        this._activeQuery = null;
        this._txStatus = null;
        this.enableChannelBinding = Boolean(c.enableChannelBinding);
        this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS);
        this.connection = c.connection || new Connection2({
          stream: c.stream,
          ssl: this.connectionParameters.ssl,
          sslNegotiation: this.connectionParameters.sslnegotiation,
          keepAlive: c.keepAlive || false,
          keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
          encoding: this.connectionParameters.client_encoding || "utf8"
        });
        this._queryQueue = [];
        this._sentQueryQueue = [];
        this.pipeline = Boolean(c.pipeline);
        this.binary = c.binary || defaults2.binary;
        this.processID = null;
        this.secretKey = null;
        this.ssl = this.connectionParameters.ssl || false;
        this.sslNegotiation = this.connectionParameters.sslnegotiation || "postgres";
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
      }
      get activeQuery() {
        activeQueryDeprecationNotice();
        return this._activeQuery;
      }
      set activeQuery(val) {
        activeQueryDeprecationNotice();
        this._activeQuery = val;
      }
      _getActiveQuery() {
        return this._activeQuery;
      }
      _errorAllQueries(err) {
        const enqueueError = (query) => {
          process.nextTick(() => {
            query.handleError(err, this.connection);
          });
        };
        const activeQuery = this._getActiveQuery();
        if (activeQuery) {
          enqueueError(activeQuery);
          this._activeQuery = null;
        }
        this._sentQueryQueue.forEach(enqueueError);
        this._sentQueryQueue.length = 0;
        this._queryQueue.forEach(enqueueError);
        this._queryQueue.length = 0;
      }
      _connect(callback) {
        const self = this;
        const con = this.connection;
        this._connectionCallback = callback;
        if (this._connecting || this._connected) {
          const err = new Error("Client has already been connected. You cannot reuse a client.");
          process.nextTick(() => {
            callback(err);
          });
          return;
        }
        this._connecting = true;
        if (this._connectionTimeoutMillis > 0) {
          this.connectionTimeoutHandle = setTimeout(() => {
            con._ending = true;
            con.stream.destroy(new Error("timeout expired"));
          }, this._connectionTimeoutMillis);
          if (this.connectionTimeoutHandle.unref) {
            this.connectionTimeoutHandle.unref();
          }
        }
        if (this.host && this.host.indexOf("/") === 0) {
          con.connect(this.host + "/.s.PGSQL." + this.port);
        } else {
          con.connect(this.port, this.host);
        }
        con.on("connect", function() {
          if (self.ssl) {
            if (self.sslNegotiation !== "direct") {
              con.requestSsl();
            }
          } else {
            con.startup(self.getStartupConf());
          }
        });
        con.on("sslconnect", function() {
          con.startup(self.getStartupConf());
        });
        this._attachListeners(con);
        con.once("end", () => {
          const error = this._ending ? new Error("Connection terminated") : new Error("Connection terminated unexpectedly");
          clearTimeout(this.connectionTimeoutHandle);
          this._errorAllQueries(error);
          this._ended = true;
          if (!this._ending) {
            if (this._connecting && !this._connectionError) {
              if (this._connectionCallback) {
                this._connectionCallback(error);
              } else {
                this._handleErrorEvent(error);
              }
            } else if (!this._connectionError) {
              this._handleErrorEvent(error);
            }
          }
          process.nextTick(() => {
            this.emit("end");
          });
        });
      }
      connect(callback) {
        if (callback) {
          this._connect(callback);
          return;
        }
        return new this._Promise((resolve4, reject) => {
          this._connect((error) => {
            if (error) {
              reject(error);
            } else {
              resolve4(this);
            }
          });
        });
      }
      _attachListeners(con) {
        con.on("authenticationCleartextPassword", this._handleAuthCleartextPassword.bind(this));
        con.on("authenticationMD5Password", this._handleAuthMD5Password.bind(this));
        con.on("authenticationSASL", this._handleAuthSASL.bind(this));
        con.on("authenticationSASLContinue", this._handleAuthSASLContinue.bind(this));
        con.on("authenticationSASLFinal", this._handleAuthSASLFinal.bind(this));
        con.on("backendKeyData", this._handleBackendKeyData.bind(this));
        con.on("error", this._handleErrorEvent.bind(this));
        con.on("errorMessage", this._handleErrorMessage.bind(this));
        con.on("readyForQuery", this._handleReadyForQuery.bind(this));
        con.on("notice", this._handleNotice.bind(this));
        con.on("rowDescription", this._handleRowDescription.bind(this));
        con.on("dataRow", this._handleDataRow.bind(this));
        con.on("portalSuspended", this._handlePortalSuspended.bind(this));
        con.on("emptyQuery", this._handleEmptyQuery.bind(this));
        con.on("commandComplete", this._handleCommandComplete.bind(this));
        con.on("parseComplete", this._handleParseComplete.bind(this));
        con.on("copyInResponse", this._handleCopyInResponse.bind(this));
        con.on("copyData", this._handleCopyData.bind(this));
        con.on("notification", this._handleNotification.bind(this));
      }
      _getPassword(cb) {
        const con = this.connection;
        if (typeof this.password === "function") {
          this._Promise.resolve().then(() => this.password(this.connectionParameters)).then((pass) => {
            if (pass !== void 0) {
              if (typeof pass !== "string") {
                con.emit("error", new TypeError("Password must be a string"));
                return;
              }
              this.connectionParameters.password = this.password = pass;
            } else {
              this.connectionParameters.password = this.password = null;
            }
            cb();
          }).catch((err) => {
            con.emit("error", err);
          });
        } else if (this.password !== null) {
          cb();
        } else {
          try {
            const pgPass = require_lib();
            pgPass(this.connectionParameters, (pass) => {
              if (void 0 !== pass) {
                pgPassDeprecationNotice();
                this.connectionParameters.password = this.password = pass;
              }
              cb();
            });
          } catch (e) {
            this.emit("error", e);
          }
        }
      }
      _handleAuthCleartextPassword(msg) {
        this._getPassword(() => {
          this.connection.password(this.password);
        });
      }
      _handleAuthMD5Password(msg) {
        this._getPassword(async () => {
          try {
            const hashedPassword = await crypto.postgresMd5PasswordHash(this.user, this.password, msg.salt);
            this.connection.password(hashedPassword);
          } catch (e) {
            this.emit("error", e);
          }
        });
      }
      _handleAuthSASL(msg) {
        this._getPassword(() => {
          try {
            this.saslSession = sasl.startSession(
              msg.mechanisms,
              this.enableChannelBinding && this.connection.stream,
              this.scramMaxIterations
            );
            this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
          } catch (err) {
            this.connection.emit("error", err);
          }
        });
      }
      async _handleAuthSASLContinue(msg) {
        try {
          await sasl.continueSession(
            this.saslSession,
            this.password,
            msg.data,
            this.enableChannelBinding && this.connection.stream
          );
          this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleAuthSASLFinal(msg) {
        try {
          sasl.finalizeSession(this.saslSession, msg.data);
          this.saslSession = null;
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleBackendKeyData(msg) {
        this.processID = msg.processID;
        this.secretKey = msg.secretKey;
      }
      _handleReadyForQuery(msg) {
        if (this._connecting) {
          this._connecting = false;
          this._connected = true;
          clearTimeout(this.connectionTimeoutHandle);
          if (this._connectionCallback) {
            this._connectionCallback(null, this);
            this._connectionCallback = null;
          }
          this.emit("connect");
        }
        const activeQuery = this._getActiveQuery();
        this._activeQuery = null;
        this._txStatus = msg?.status ?? null;
        this.readyForQuery = true;
        if (activeQuery) {
          activeQuery.handleReadyForQuery(this.connection);
        }
        this._pulseQueryQueue();
      }
      // if we receive an error event or error message
      // during the connection process we handle it here
      _handleErrorWhileConnecting(err) {
        if (this._connectionError) {
          return;
        }
        this._connectionError = true;
        clearTimeout(this.connectionTimeoutHandle);
        if (this._connectionCallback) {
          return this._connectionCallback(err);
        }
        this.emit("error", err);
      }
      // if we're connected and we receive an error event from the connection
      // this means the socket is dead - do a hard abort of all queries and emit
      // the socket error on the client as well
      _handleErrorEvent(err) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(err);
        }
        this._queryable = false;
        this._errorAllQueries(err);
        this.emit("error", err);
      }
      // handle error messages from the postgres backend
      _handleErrorMessage(msg) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(msg);
        }
        const activeQuery = this._getActiveQuery();
        if (!activeQuery) {
          this._handleErrorEvent(msg);
          return;
        }
        this._activeQuery = null;
        if (activeQuery.name) {
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
        activeQuery.handleError(msg, this.connection);
      }
      _handleRowDescription(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected rowDescription message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleRowDescription(msg);
      }
      _handleDataRow(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected dataRow message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleDataRow(msg);
      }
      _handlePortalSuspended(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected portalSuspended message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handlePortalSuspended(this.connection);
      }
      _handleEmptyQuery(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected emptyQuery message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleEmptyQuery(this.connection);
      }
      _handleCommandComplete(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected commandComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCommandComplete(msg, this.connection);
      }
      _handleParseComplete() {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected parseComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        if (activeQuery.name) {
          this.connection.parsedStatements[activeQuery.name] = activeQuery.text;
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
      }
      _handleCopyInResponse(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyInResponse message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyInResponse(this.connection);
      }
      _handleCopyData(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyData message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyData(msg, this.connection);
      }
      _handleNotification(msg) {
        this.emit("notification", msg);
      }
      _handleNotice(msg) {
        this.emit("notice", msg);
      }
      getStartupConf() {
        const params = this.connectionParameters;
        const data = {
          user: params.user,
          database: params.database
        };
        const appName = params.application_name || params.fallback_application_name;
        if (appName) {
          data.application_name = appName;
        }
        if (params.replication) {
          data.replication = "" + params.replication;
        }
        if (params.statement_timeout) {
          data.statement_timeout = String(parseInt(params.statement_timeout, 10));
        }
        if (params.lock_timeout) {
          data.lock_timeout = String(parseInt(params.lock_timeout, 10));
        }
        if (params.idle_in_transaction_session_timeout) {
          data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10));
        }
        if (params.options) {
          data.options = params.options;
        }
        return data;
      }
      cancel(client, query) {
        if (client.activeQuery === query) {
          const con = this.connection;
          if (this.host && this.host.indexOf("/") === 0) {
            con.connect(this.host + "/.s.PGSQL." + this.port);
          } else {
            con.connect(this.port, this.host);
          }
          con.on("connect", function() {
            con.cancel(client.processID, client.secretKey);
          });
        } else if (client._queryQueue.indexOf(query) !== -1) {
          client._queryQueue.splice(client._queryQueue.indexOf(query), 1);
        } else if (client._sentQueryQueue.indexOf(query) !== -1) {
          query.callback = () => {
          };
        }
      }
      setTypeParser(oid, format, parseFn) {
        return this._types.setTypeParser(oid, format, parseFn);
      }
      getTypeParser(oid, format) {
        return this._types.getTypeParser(oid, format);
      }
      // escapeIdentifier and escapeLiteral moved to utility functions & exported
      // on PG
      // re-exported here for backwards compatibility
      escapeIdentifier(str) {
        return utils.escapeIdentifier(str);
      }
      escapeLiteral(str) {
        return utils.escapeLiteral(str);
      }
      _pulseQueryQueue() {
        if (this.pipeline) {
          this._pulsePipelinedQueryQueue();
          return;
        }
        if (this.readyForQuery === true) {
          this._activeQuery = this._queryQueue.shift();
          const activeQuery = this._getActiveQuery();
          if (activeQuery) {
            this.readyForQuery = false;
            this.hasExecuted = true;
            const queryError = activeQuery.submit(this.connection);
            if (queryError) {
              process.nextTick(() => {
                activeQuery.handleError(queryError, this.connection);
                this.readyForQuery = true;
                this._pulseQueryQueue();
              });
            }
          } else if (this.hasExecuted) {
            this._activeQuery = null;
            this.emit("drain");
          }
        }
      }
      _pulsePipelinedQueryQueue() {
        if (!this._connected || !this._queryable) {
          return;
        }
        while (this._queryQueue.length > 0) {
          const query = this._queryQueue.shift();
          this.hasExecuted = true;
          const queryError = query.submit(this.connection);
          if (queryError) {
            process.nextTick(() => {
              query.handleError(queryError, this.connection);
            });
            continue;
          }
          this._sentQueryQueue.push(query);
        }
        if (this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0) {
          this._activeQuery = this._sentQueryQueue.shift();
          this.readyForQuery = false;
        }
        if (!this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted) {
          this.emit("drain");
        }
      }
      query(config, values, callback) {
        let query;
        let result;
        if (config == null) {
          throw new TypeError("Client was passed a null or undefined query");
        }
        if (typeof config.submit === "function") {
          result = query = config;
          if (!query.callback) {
            if (typeof values === "function") {
              query.callback = values;
            } else if (callback) {
              query.callback = callback;
            }
          }
        } else {
          query = new Query2(config, values, callback);
          if (!query.callback) {
            result = new this._Promise((resolve4, reject) => {
              query.callback = (err, res) => err ? reject(err) : resolve4(res);
            }).catch((err) => {
              Error.captureStackTrace(err);
              throw err;
            });
          } else if (typeof query.callback !== "function") {
            throw new TypeError("callback is not a function");
          }
        }
        const readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        if (readTimeout) {
          const queryCallback = query.callback || (() => {
          });
          const readTimeoutTimer = setTimeout(() => {
            const error = new Error("Query read timeout");
            process.nextTick(() => {
              query.handleError(error, this.connection);
            });
            queryCallback(error);
            query.callback = () => {
            };
            const index = this._queryQueue.indexOf(query);
            if (index > -1) {
              this._queryQueue.splice(index, 1);
            } else if (this.pipeline) {
              this.connection.stream.destroy();
              return;
            }
            this._pulseQueryQueue();
          }, readTimeout);
          query.callback = (err, res) => {
            clearTimeout(readTimeoutTimer);
            queryCallback(err, res);
          };
        }
        if (this.binary && !query.binary) {
          query.binary = true;
        }
        if (query._result && !query._result._types) {
          query._result._types = this._types;
        }
        if (this.pipeline) {
          const portalQuery = typeof config.submit === "function" && !(query instanceof Query2) ? "Custom query classes such as pg-cursor and pg-query-stream are" : query.rows ? "The `rows` option is" : null;
          if (portalQuery) {
            process.nextTick(() => {
              query.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
            });
            return result;
          }
        }
        if (!this._queryable) {
          process.nextTick(() => {
            query.handleError(new Error("Client has encountered a connection error and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._ending) {
          process.nextTick(() => {
            query.handleError(new Error("Client was closed and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._queryQueue.length > 0 && !this.pipeline) {
          queryQueueLengthDeprecationNotice();
        }
        this._queryQueue.push(query);
        this._pulseQueryQueue();
        return result;
      }
      ref() {
        this.connection.ref();
      }
      unref() {
        this.connection.unref();
      }
      getTransactionStatus() {
        return this._txStatus;
      }
      end(cb) {
        this._ending = true;
        if (!this.connection._connecting || this._ended) {
          if (cb) {
            cb();
            return;
          } else {
            return this._Promise.resolve();
          }
        }
        if (!this._queryable) {
          this.connection.stream.destroy();
        } else if (this.pipeline && (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0)) {
          this.once("drain", () => this.connection.end());
        } else if (this._getActiveQuery()) {
          this.connection.stream.destroy();
        } else {
          this.connection.end();
        }
        if (cb) {
          this.connection.once("end", cb);
        } else {
          return new this._Promise((resolve4) => {
            this.connection.once("end", resolve4);
          });
        }
      }
      get queryQueue() {
        queryQueueDeprecationNotice();
        return this._queryQueue;
      }
    };
    Client2.Query = Query2;
    module.exports = Client2;
  }
});

// node_modules/pg-pool/index.js
var require_pg_pool = __commonJS({
  "node_modules/pg-pool/index.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var NOOP = function() {
    };
    var removeWhere = (list, predicate) => {
      const i = list.findIndex(predicate);
      return i === -1 ? void 0 : list.splice(i, 1)[0];
    };
    var IdleItem = class {
      constructor(client, idleListener, timeoutId) {
        this.client = client;
        this.idleListener = idleListener;
        this.timeoutId = timeoutId;
      }
    };
    var PendingItem = class {
      constructor(callback) {
        this.callback = callback;
      }
    };
    function throwOnDoubleRelease() {
      throw new Error("Release called on client which has already been released to the pool.");
    }
    function promisify(Promise2, callback) {
      if (callback) {
        return { callback, result: void 0 };
      }
      let rej;
      let res;
      const cb = function(err, client) {
        err ? rej(err) : res(client);
      };
      const result = new Promise2(function(resolve4, reject) {
        res = resolve4;
        rej = reject;
      }).catch((err) => {
        Error.captureStackTrace(err);
        throw err;
      });
      return { callback: cb, result };
    }
    function makeIdleListener(pool, client) {
      return function idleListener(err) {
        err.client = client;
        client.removeListener("error", idleListener);
        client.on("error", () => {
          pool.log("additional client error after disconnection due to error", err);
        });
        pool._remove(client);
        pool.emit("error", err, client);
      };
    }
    var Pool2 = class extends EventEmitter {
      constructor(options, Client2) {
        super();
        this.options = Object.assign({}, options);
        if (options != null && "password" in options) {
          Object.defineProperty(this.options, "password", {
            configurable: true,
            enumerable: false,
            writable: true,
            value: options.password
          });
        }
        if (options != null && options.ssl && options.ssl.key) {
          Object.defineProperty(this.options.ssl, "key", {
            enumerable: false
          });
        }
        this.options.max = this.options.max || this.options.poolSize || 10;
        this.options.min = this.options.min || 0;
        this.options.maxUses = this.options.maxUses || Infinity;
        this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
        this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
        this.log = this.options.log || function() {
        };
        this.Client = this.options.Client || Client2 || require_lib2().Client;
        this.Promise = this.options.Promise || global.Promise;
        if (typeof this.options.idleTimeoutMillis === "undefined") {
          this.options.idleTimeoutMillis = 1e4;
        }
        this._clients = [];
        this._idle = [];
        this._expired = /* @__PURE__ */ new WeakSet();
        this._pendingQueue = [];
        this._endCallback = void 0;
        this.ending = false;
        this.ended = false;
      }
      _promiseTry(f) {
        const Promise2 = this.Promise;
        if (typeof Promise2.try === "function") {
          return Promise2.try(f);
        }
        return new Promise2((resolve4) => resolve4(f()));
      }
      _isFull() {
        return this._clients.length >= this.options.max;
      }
      _isAboveMin() {
        return this._clients.length > this.options.min;
      }
      _pulseQueue() {
        this.log("pulse queue");
        if (this.ended) {
          this.log("pulse queue ended");
          return;
        }
        if (this.ending) {
          this.log("pulse queue on ending");
          if (this._idle.length) {
            this._idle.slice().map((item) => {
              this._remove(item.client);
            });
          }
          if (!this._clients.length) {
            this.ended = true;
            this._endCallback();
          }
          return;
        }
        if (!this._pendingQueue.length) {
          this.log("no queued requests");
          return;
        }
        if (!this._idle.length && this._isFull()) {
          return;
        }
        const pendingItem = this._pendingQueue.shift();
        if (this._idle.length) {
          const idleItem = this._idle.pop();
          clearTimeout(idleItem.timeoutId);
          const client = idleItem.client;
          client.ref && client.ref();
          const idleListener = idleItem.idleListener;
          return this._acquireClient(client, pendingItem, idleListener, false);
        }
        if (!this._isFull()) {
          return this.newClient(pendingItem);
        }
        throw new Error("unexpected condition");
      }
      _remove(client, callback) {
        const removed = removeWhere(this._idle, (item) => item.client === client);
        if (removed !== void 0) {
          clearTimeout(removed.timeoutId);
        }
        this._clients = this._clients.filter((c) => c !== client);
        const context = this;
        client.end(() => {
          context.emit("remove", client);
          if (typeof callback === "function") {
            callback();
          }
        });
      }
      connect(cb) {
        if (this.ending) {
          const err = new Error("Cannot use a pool after calling end on the pool");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        const response = promisify(this.Promise, cb);
        const result = response.result;
        if (this._isFull() || this._idle.length) {
          if (this._idle.length) {
            process.nextTick(() => this._pulseQueue());
          }
          if (!this.options.connectionTimeoutMillis) {
            this._pendingQueue.push(new PendingItem(response.callback));
            return result;
          }
          const queueCallback = (err, res, done) => {
            clearTimeout(tid);
            response.callback(err, res, done);
          };
          const pendingItem = new PendingItem(queueCallback);
          const tid = setTimeout(() => {
            removeWhere(this._pendingQueue, (i) => i.callback === queueCallback);
            pendingItem.timedOut = true;
            response.callback(new Error("timeout exceeded when trying to connect"));
          }, this.options.connectionTimeoutMillis);
          if (tid.unref) {
            tid.unref();
          }
          this._pendingQueue.push(pendingItem);
          return result;
        }
        this.newClient(new PendingItem(response.callback));
        return result;
      }
      newClient(pendingItem) {
        const client = new this.Client(this.options);
        this._clients.push(client);
        const idleListener = makeIdleListener(this, client);
        this.log("checking client timeout");
        let tid;
        let timeoutHit = false;
        if (this.options.connectionTimeoutMillis) {
          tid = setTimeout(() => {
            if (client.connection) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.connection.stream.destroy();
            } else if (!client.isConnected()) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.end();
            }
          }, this.options.connectionTimeoutMillis);
        }
        this.log("connecting new client");
        client.connect((err) => {
          if (tid) {
            clearTimeout(tid);
          }
          client.on("error", idleListener);
          if (err) {
            this.log("client failed to connect", err);
            this._clients = this._clients.filter((c) => c !== client);
            if (timeoutHit) {
              err = new Error("Connection terminated due to connection timeout", { cause: err });
            }
            this._pulseQueue();
            if (!pendingItem.timedOut) {
              pendingItem.callback(err, void 0, NOOP);
            }
          } else {
            this.log("new client connected");
            if (this.options.onConnect) {
              this._promiseTry(() => this.options.onConnect(client)).then(
                () => {
                  this._afterConnect(client, pendingItem, idleListener);
                },
                (hookErr) => {
                  this._clients = this._clients.filter((c) => c !== client);
                  client.end(() => {
                    this._pulseQueue();
                    if (!pendingItem.timedOut) {
                      pendingItem.callback(hookErr, void 0, NOOP);
                    }
                  });
                }
              );
              return;
            }
            return this._afterConnect(client, pendingItem, idleListener);
          }
        });
      }
      _afterConnect(client, pendingItem, idleListener) {
        if (this.options.maxLifetimeSeconds !== 0) {
          const maxLifetimeTimeout = setTimeout(() => {
            this.log("ending client due to expired lifetime");
            this._expired.add(client);
            const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
            if (idleIndex !== -1) {
              this._acquireClient(
                client,
                new PendingItem((err, client2, clientRelease) => clientRelease()),
                idleListener,
                false
              );
            }
          }, this.options.maxLifetimeSeconds * 1e3);
          maxLifetimeTimeout.unref();
          client.once("end", () => clearTimeout(maxLifetimeTimeout));
        }
        return this._acquireClient(client, pendingItem, idleListener, true);
      }
      // acquire a client for a pending work item
      _acquireClient(client, pendingItem, idleListener, isNew) {
        if (isNew) {
          this.emit("connect", client);
        }
        this.emit("acquire", client);
        client.release = this._releaseOnce(client, idleListener);
        client.removeListener("error", idleListener);
        if (!pendingItem.timedOut) {
          if (isNew && this.options.verify) {
            this.options.verify(client, (err) => {
              if (err) {
                client.release(err);
                return pendingItem.callback(err, void 0, NOOP);
              }
              pendingItem.callback(void 0, client, client.release);
            });
          } else {
            pendingItem.callback(void 0, client, client.release);
          }
        } else {
          if (isNew && this.options.verify) {
            this.options.verify(client, client.release);
          } else {
            client.release();
          }
        }
      }
      // returns a function that wraps _release and throws if called more than once
      _releaseOnce(client, idleListener) {
        let released = false;
        return (err) => {
          if (released) {
            throwOnDoubleRelease();
          }
          released = true;
          this._release(client, idleListener, err);
        };
      }
      // release a client back to the poll, include an error
      // to remove it from the pool
      _release(client, idleListener, err) {
        client.on("error", idleListener);
        client._poolUseCount = (client._poolUseCount || 0) + 1;
        this.emit("release", err, client);
        if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
          if (client._poolUseCount >= this.options.maxUses) {
            this.log("remove expended client");
          }
          return this._remove(client, this._pulseQueue.bind(this));
        }
        const isExpired = this._expired.has(client);
        if (isExpired) {
          this.log("remove expired client");
          this._expired.delete(client);
          return this._remove(client, this._pulseQueue.bind(this));
        }
        let tid;
        if (this.options.idleTimeoutMillis && this._isAboveMin()) {
          tid = setTimeout(() => {
            if (this._isAboveMin()) {
              this.log("remove idle client");
              this._remove(client, this._pulseQueue.bind(this));
            }
          }, this.options.idleTimeoutMillis);
          if (this.options.allowExitOnIdle) {
            tid.unref();
          }
        }
        if (this.options.allowExitOnIdle) {
          client.unref();
        }
        this._idle.push(new IdleItem(client, idleListener, tid));
        this._pulseQueue();
      }
      query(text6, values, cb) {
        if (typeof text6 === "function") {
          const response2 = promisify(this.Promise, text6);
          setImmediate(function() {
            return response2.callback(new Error("Passing a function as the first parameter to pool.query is not supported"));
          });
          return response2.result;
        }
        if (typeof values === "function") {
          cb = values;
          values = void 0;
        }
        const response = promisify(this.Promise, cb);
        cb = response.callback;
        this.connect((err, client) => {
          if (err) {
            return cb(err);
          }
          let clientReleased = false;
          const onError = (err2) => {
            if (clientReleased) {
              return;
            }
            clientReleased = true;
            client.release(err2);
            cb(err2);
          };
          client.once("error", onError);
          this.log("dispatching query");
          try {
            client.query(text6, values, (err2, res) => {
              this.log("query dispatched");
              client.removeListener("error", onError);
              if (clientReleased) {
                return;
              }
              clientReleased = true;
              client.release(err2);
              if (err2) {
                return cb(err2);
              }
              return cb(void 0, res);
            });
          } catch (err2) {
            client.release(err2);
            return cb(err2);
          }
        });
        return response.result;
      }
      end(cb) {
        this.log("ending");
        if (this.ending) {
          const err = new Error("Called end on pool more than once");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        this.ending = true;
        const promised = promisify(this.Promise, cb);
        this._endCallback = promised.callback;
        this._pulseQueue();
        return promised.result;
      }
      get waitingCount() {
        return this._pendingQueue.length;
      }
      get idleCount() {
        return this._idle.length;
      }
      get expiredCount() {
        return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
      }
      get totalCount() {
        return this._clients.length;
      }
    };
    module.exports = Pool2;
  }
});

// node_modules/pg/lib/native/query.js
var require_query2 = __commonJS({
  "node_modules/pg/lib/native/query.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var utils = require_utils();
    var NativeQuery = module.exports = function(config, values, callback) {
      EventEmitter.call(this);
      config = utils.normalizeQueryConfig(config, values, callback);
      this.text = config.text;
      this.values = config.values;
      this.name = config.name;
      this.queryMode = config.queryMode;
      this.callback = config.callback;
      this.state = "new";
      this._arrayMode = config.rowMode === "array";
      this._emitRowEvents = false;
      this.on(
        "newListener",
        function(event) {
          if (event === "row") this._emitRowEvents = true;
        }.bind(this)
      );
    };
    util.inherits(NativeQuery, EventEmitter);
    var errorFieldMap = {
      sqlState: "code",
      statementPosition: "position",
      messagePrimary: "message",
      messageDetail: "detail",
      messageHint: "hint",
      context: "where",
      schemaName: "schema",
      tableName: "table",
      columnName: "column",
      dataTypeName: "dataType",
      constraintName: "constraint",
      sourceFile: "file",
      sourceLine: "line",
      sourceFunction: "routine"
    };
    NativeQuery.prototype.handleError = function(err) {
      const fields = this.native && this.native.pq.resultErrorFields();
      if (fields) {
        for (const key in fields) {
          const normalizedFieldName = errorFieldMap[key] || key;
          err[normalizedFieldName] = fields[key];
        }
      }
      if (this.callback) {
        this.callback(err);
      } else {
        this.emit("error", err);
      }
      this.state = "error";
    };
    NativeQuery.prototype.then = function(onSuccess, onFailure) {
      return this._getPromise().then(onSuccess, onFailure);
    };
    NativeQuery.prototype.catch = function(callback) {
      return this._getPromise().catch(callback);
    };
    NativeQuery.prototype._getPromise = function() {
      if (this._promise) return this._promise;
      this._promise = new Promise(
        function(resolve4, reject) {
          this._once("end", resolve4);
          this._once("error", reject);
        }.bind(this)
      );
      return this._promise;
    };
    NativeQuery.prototype.submit = function(client) {
      this.state = "running";
      const self = this;
      this.native = client.native;
      client.native.arrayMode = this._arrayMode;
      let after = function(err, rows, results) {
        client.native.arrayMode = false;
        setImmediate(function() {
          self.emit("_done");
        });
        if (err) {
          return self.handleError(err);
        }
        if (self._emitRowEvents) {
          if (results.length > 1) {
            rows.forEach((rowOfRows, i) => {
              rowOfRows.forEach((row) => {
                self.emit("row", row, results[i]);
              });
            });
          } else {
            rows.forEach(function(row) {
              self.emit("row", row, results);
            });
          }
        }
        self.state = "end";
        self.emit("end", results);
        if (self.callback) {
          self.callback(null, results);
        }
      };
      if (process.domain) {
        after = process.domain.bind(after);
      }
      if (this.name) {
        if (this.name.length > 63) {
          console.error("Warning! Postgres only supports 63 characters for query names.");
          console.error("You supplied %s (%s)", this.name, this.name.length);
          console.error("This can cause conflicts and silent errors executing queries");
        }
        const values = (this.values || []).map(utils.prepareValue);
        if (client.namedQueries[this.name] !== void 0) {
          if (this.text && client.namedQueries[this.name] !== this.text) {
            const err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
            return after(err);
          }
          return client.native.execute(this.name, values, after);
        }
        return client.native.prepare(this.name, this.text, values.length, function(err) {
          if (err) return after(err);
          client.namedQueries[self.name] = self.text;
          return self.native.execute(self.name, values, after);
        });
      } else if (this.values) {
        if (!Array.isArray(this.values)) {
          const err = new Error("Query values must be an array");
          return after(err);
        }
        const vals = this.values.map(utils.prepareValue);
        client.native.query(this.text, vals, after);
      } else if (this.queryMode === "extended") {
        client.native.query(this.text, [], after);
      } else {
        client.native.query(this.text, after);
      }
    };
  }
});

// node_modules/pg/lib/native/client.js
var require_client2 = __commonJS({
  "node_modules/pg/lib/native/client.js"(exports, module) {
    var nodeUtils = __require("util");
    var Native;
    try {
      Native = __require("pg-native");
    } catch (e) {
      throw e;
    }
    var TypeOverrides2 = require_type_overrides();
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var ConnectionParameters = require_connection_parameters();
    var NativeQuery = require_query2();
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    var Client2 = module.exports = function(config) {
      EventEmitter.call(this);
      config = config || {};
      this._Promise = config.Promise || global.Promise;
      this._types = new TypeOverrides2(config.types);
      this.native = new Native({
        types: this._types
      });
      this._queryQueue = [];
      this._ending = false;
      this._connecting = false;
      this._connected = false;
      this._queryable = true;
      this.pipeline = Boolean(config.pipeline);
      this._pipelineInFlight = false;
      const cp = this.connectionParameters = new ConnectionParameters(config);
      if (config.nativeConnectionString) cp.nativeConnectionString = config.nativeConnectionString;
      this.user = cp.user;
      Object.defineProperty(this, "password", {
        configurable: true,
        enumerable: false,
        writable: true,
        value: cp.password
      });
      this.database = cp.database;
      this.host = cp.host;
      this.port = cp.port;
      this.namedQueries = {};
    };
    Client2.Query = NativeQuery;
    util.inherits(Client2, EventEmitter);
    Client2.prototype._errorAllQueries = function(err) {
      const enqueueError = (query) => {
        process.nextTick(() => {
          query.native = this.native;
          query.handleError(err);
        });
      };
      if (this._hasActiveQuery()) {
        enqueueError(this._activeQuery);
        this._activeQuery = null;
      }
      this._queryQueue.forEach(enqueueError);
      this._queryQueue.length = 0;
    };
    Client2.prototype._connect = function(cb) {
      const self = this;
      if (this._connecting) {
        process.nextTick(() => cb(new Error("Client has already been connected. You cannot reuse a client.")));
        return;
      }
      this._connecting = true;
      this.connectionParameters.getLibpqConnectionString(function(err, conString) {
        if (self.connectionParameters.nativeConnectionString) conString = self.connectionParameters.nativeConnectionString;
        if (err) return cb(err);
        self.native.connect(conString, function(err2) {
          if (err2) {
            self.native.end();
            return cb(err2);
          }
          self._connected = true;
          self.native.on("error", function(err3) {
            self._queryable = false;
            self._errorAllQueries(err3);
            self.emit("error", err3);
          });
          self.native.on("notification", function(msg) {
            self.emit("notification", {
              channel: msg.relname,
              payload: msg.extra
            });
          });
          self.emit("connect");
          self._pulseQueryQueue(true);
          cb(null, this);
        });
      });
    };
    Client2.prototype.connect = function(callback) {
      if (callback) {
        this._connect(callback);
        return;
      }
      return new this._Promise((resolve4, reject) => {
        this._connect((error) => {
          if (error) {
            reject(error);
          } else {
            resolve4(this);
          }
        });
      });
    };
    Client2.prototype.query = function(config, values, callback) {
      let query;
      let result;
      let readTimeout;
      let readTimeoutTimer;
      let queryCallback;
      if (config === null || config === void 0) {
        throw new TypeError("Client was passed a null or undefined query");
      } else if (typeof config.submit === "function") {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        result = query = config;
        if (typeof values === "function") {
          config.callback = values;
        }
      } else {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        query = new NativeQuery(config, values, callback);
        if (!query.callback) {
          let resolveOut, rejectOut;
          result = new this._Promise((resolve4, reject) => {
            resolveOut = resolve4;
            rejectOut = reject;
          }).catch((err) => {
            Error.captureStackTrace(err);
            throw err;
          });
          query.callback = (err, res) => err ? rejectOut(err) : resolveOut(res);
        }
      }
      if (readTimeout) {
        queryCallback = query.callback || (() => {
        });
        readTimeoutTimer = setTimeout(() => {
          const error = new Error("Query read timeout");
          process.nextTick(() => {
            query.handleError(error, this.connection);
          });
          queryCallback(error);
          query.callback = () => {
          };
          const index = this._queryQueue.indexOf(query);
          if (index > -1) {
            this._queryQueue.splice(index, 1);
          }
          this._pulseQueryQueue();
        }, readTimeout);
        query.callback = (err, res) => {
          clearTimeout(readTimeoutTimer);
          queryCallback(err, res);
        };
      }
      if (!this._queryable) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client has encountered a connection error and is not queryable"));
        });
        return result;
      }
      if (this._ending) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client was closed and is not queryable"));
        });
        return result;
      }
      if (this._queryQueue.length > 0 && !this.pipeline) {
        queryQueueLengthDeprecationNotice();
      }
      this._queryQueue.push(query);
      this._pulseQueryQueue();
      return result;
    };
    Client2.prototype.end = function(cb) {
      const self = this;
      this._ending = true;
      if (this._connecting && !this._connected) {
        this.once("connect", () => {
          this.end(() => {
          });
        });
      }
      let result;
      if (!cb) {
        result = new this._Promise(function(resolve4, reject) {
          cb = (err) => err ? reject(err) : resolve4();
        });
      }
      const doEnd = function() {
        self.native.end(function() {
          self._connected = false;
          self._errorAllQueries(new Error("Connection terminated"));
          process.nextTick(() => {
            self.emit("end");
            if (cb) cb();
          });
        });
      };
      if (this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0)) {
        this.once("drain", doEnd);
      } else {
        doEnd();
      }
      return result;
    };
    Client2.prototype._hasActiveQuery = function() {
      return this._activeQuery && this._activeQuery.state !== "error" && this._activeQuery.state !== "end";
    };
    Client2.prototype._pulseQueryQueue = function(initialConnection) {
      if (!this._connected) {
        return;
      }
      if (this.pipeline && !initialConnection) {
        return this._pulsePipelinedQueryQueue();
      }
      if (this._hasActiveQuery()) {
        return;
      }
      const query = this._queryQueue.shift();
      if (!query) {
        if (!initialConnection) {
          this.emit("drain");
        }
        return;
      }
      this._activeQuery = query;
      query.submit(this);
      const self = this;
      query.once("_done", function() {
        self._pulseQueryQueue();
      });
    };
    Client2.prototype._pulsePipelinedQueryQueue = function() {
      if (!this._connected || this._pipelineInFlight) {
        return;
      }
      if (this._queryQueue.length === 0) {
        if (this.hasExecuted) {
          this.emit("drain");
        }
        return;
      }
      this._pipelineInFlight = true;
      const self = this;
      const queries = [];
      const nativeQueries = [];
      const utils = require_utils();
      while (this._queryQueue.length > 0) {
        const query = this._queryQueue.shift();
        this.hasExecuted = true;
        nativeQueries.push(query);
        const values = query.values ? query.values.map(utils.prepareValue) : null;
        const pipelineEntry = { text: query.text, name: query.name, arrayMode: query._arrayMode };
        if (values) {
          pipelineEntry.values = values;
        }
        if (query.name && this.namedQueries[query.name]) {
          pipelineEntry._alreadyPrepared = true;
        }
        queries.push(pipelineEntry);
      }
      this.native.pipeline(queries, function(err, results) {
        self._pipelineInFlight = false;
        if (err) {
          self._connected = false;
          self._queryable = false;
          for (let i = 0; i < nativeQueries.length; i++) {
            const q = nativeQueries[i];
            q.native = self.native;
            q.handleError(err);
          }
          self._errorAllQueries(err);
          self.emit("error", err);
          self.emit("end");
          return;
        }
        for (let i = 0; i < nativeQueries.length; i++) {
          const q = nativeQueries[i];
          const r = results[i];
          q.native = self.native;
          if (r.err) {
            q.handleError(r.err);
          } else {
            if (q.name) {
              self.namedQueries[q.name] = q.text;
            }
            q.state = "end";
            q.emit("end", r.result);
            if (q.callback) {
              q.callback(null, r.result);
            }
          }
          setImmediate(function() {
            q.emit("_done");
          });
        }
        self._pulsePipelinedQueryQueue();
      });
    };
    Client2.prototype.cancel = function(query) {
      if (this._activeQuery === query) {
        this.native.cancel(function() {
        });
      } else if (this._queryQueue.indexOf(query) !== -1) {
        this._queryQueue.splice(this._queryQueue.indexOf(query), 1);
      }
    };
    Client2.prototype.ref = function() {
    };
    Client2.prototype.unref = function() {
    };
    Client2.prototype.setTypeParser = function(oid, format, parseFn) {
      return this._types.setTypeParser(oid, format, parseFn);
    };
    Client2.prototype.getTypeParser = function(oid, format) {
      return this._types.getTypeParser(oid, format);
    };
    Client2.prototype.isConnected = function() {
      return this._connected;
    };
    Client2.prototype.getTransactionStatus = function() {
      return this.native.getTransactionStatus();
    };
  }
});

// node_modules/pg/lib/native/index.js
var require_native = __commonJS({
  "node_modules/pg/lib/native/index.js"(exports, module) {
    "use strict";
    module.exports = require_client2();
  }
});

// node_modules/pg/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/pg/lib/index.js"(exports, module) {
    "use strict";
    var Client2 = require_client();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var Result2 = require_result();
    var utils = require_utils();
    var Pool2 = require_pg_pool();
    var TypeOverrides2 = require_type_overrides();
    var { DatabaseError: DatabaseError2 } = require_dist();
    var { escapeIdentifier: escapeIdentifier2, escapeLiteral: escapeLiteral2 } = require_utils();
    var poolFactory = (Client3) => {
      return class BoundPool extends Pool2 {
        constructor(options) {
          super(options, Client3);
        }
      };
    };
    var PG = function(clientConstructor2) {
      this.defaults = defaults2;
      this.Client = clientConstructor2;
      this.Query = this.Client.Query;
      this.Pool = poolFactory(this.Client);
      this._pools = [];
      this.Connection = Connection2;
      this.types = require_pg_types();
      this.DatabaseError = DatabaseError2;
      this.TypeOverrides = TypeOverrides2;
      this.escapeIdentifier = escapeIdentifier2;
      this.escapeLiteral = escapeLiteral2;
      this.Result = Result2;
      this.utils = utils;
    };
    var clientConstructor = Client2;
    var forceNative = false;
    try {
      forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
    } catch {
    }
    if (forceNative) {
      clientConstructor = require_native();
    }
    module.exports = new PG(clientConstructor);
    Object.defineProperty(module.exports, "native", {
      configurable: true,
      enumerable: false,
      get() {
        let native = null;
        try {
          native = new PG(require_native());
        } catch (err) {
          if (err.code !== "MODULE_NOT_FOUND") {
            throw err;
          }
        }
        Object.defineProperty(module.exports, "native", {
          value: native
        });
        return native;
      }
    });
  }
});

// node_modules/pg/esm/index.mjs
var import_lib = __toESM(require_lib2(), 1);
var Client = import_lib.default.Client;
var Pool = import_lib.default.Pool;
var Connection = import_lib.default.Connection;
var types = import_lib.default.types;
var Query = import_lib.default.Query;
var DatabaseError = import_lib.default.DatabaseError;
var escapeIdentifier = import_lib.default.escapeIdentifier;
var escapeLiteral = import_lib.default.escapeLiteral;
var Result = import_lib.default.Result;
var TypeOverrides = import_lib.default.TypeOverrides;
var defaults = import_lib.default.defaults;
var esm_default = import_lib.default;

// src/core/postgres/connection.ts
function parseUrl(url) {
  try {
    const parsed = new URL(url);
    if (!/^postgres(ql)?:$/.test(parsed.protocol))
      throw new Error(`scheme ${parsed.protocol} is not postgres:`);
    return parsed;
  } catch (error) {
    throw new ConfigError(
      [`connection.url (DATABASE_URL): malformed URL ${redact(url)}: ${error.message}`],
      {
        hint: "use postgres://user:password@host:5432/database"
      }
    );
  }
}
function databaseFromUrl(url) {
  if (!url) return void 0;
  const name = decodeURIComponent(parseUrl(url).pathname.replace(/^\//, ""));
  return name || void 0;
}
function resolveConnection(conn) {
  const out = {};
  if (conn.url) {
    const url = parseUrl(conn.url);
    if (url.hostname) out.host = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ""));
    if (url.port) out.port = Number(url.port);
    if (url.username) out.user = decodeURIComponent(url.username);
    if (url.password) out.password = decodeURIComponent(url.password);
    const sslmode = url.searchParams.get("sslmode");
    if (sslmode) out.sslmode = sslmode;
    const host = url.searchParams.get("host");
    if (host) out.host = host;
  }
  if (conn.host) out.host = conn.host;
  if (conn.port) out.port = conn.port;
  if (conn.user) out.user = conn.user;
  if (conn.password) out.password = conn.password;
  if (conn.sslmode) out.sslmode = conn.sslmode;
  registerSecret(out.password);
  return out;
}
function childEnv(conn, database) {
  const env = { PGCONNECT_TIMEOUT: "10", PGAPPNAME: "db-backup" };
  if (conn.host) env.PGHOST = conn.host;
  if (conn.port) env.PGPORT = String(conn.port);
  if (conn.user) env.PGUSER = conn.user;
  if (conn.password) env.PGPASSWORD = conn.password;
  if (conn.sslmode) env.PGSSLMODE = conn.sslmode;
  if (database !== void 0) env.PGDATABASE = database;
  return env;
}
function clientConfig(conn, database) {
  return {
    host: conn.host ?? process.env.PGHOST,
    port: conn.port ?? (process.env.PGPORT ? Number(process.env.PGPORT) : void 0),
    user: conn.user ?? process.env.PGUSER,
    password: conn.password ?? process.env.PGPASSWORD,
    database,
    connectionTimeoutMillis: 1e4,
    application_name: "db-backup",
    ...conn.sslmode && conn.sslmode !== "disable" ? { ssl: conn.sslmode === "require" ? { rejectUnauthorized: false } : true } : {}
  };
}
function describeServer(conn) {
  return `${conn.host ?? process.env.PGHOST ?? "localhost"}:${conn.port ?? process.env.PGPORT ?? 5432}`;
}
function connectionError(error, conn, database) {
  const e = error;
  const where = describeServer(conn);
  if (/client password must be a string|SASL: SCRAM-SERVER-FIRST-MESSAGE|password authentication failed.*no password/i.test(
    e.message ?? ""
  ) && !conn.password) {
    return new AuthenticationError(
      `the server at ${where} requires a password for ${conn.user ? `role ${JSON.stringify(conn.user)}` : "the default role"}, and none was given`,
      { hint: "set PGPASSWORD or PGPASSWORD_FILE, put the password in DATABASE_URL, or add it to ~/.pgpass" }
    );
  }
  if (e.code === "28P01" || e.code === "28000") {
    return new AuthenticationError(
      `authentication failed for ${conn.user ? `role ${JSON.stringify(conn.user)}` : "the default role"} on ${where}`,
      {
        hint: "check PGPASSWORD / PGPASSWORD_FILE or the password in DATABASE_URL, and pg_hba.conf"
      }
    );
  }
  if (e.code === "3D000") {
    return new DatabaseNotFoundError(`database ${JSON.stringify(database)} does not exist on ${where}`, {
      hint: "check the name (it is case-sensitive); `psql -l` lists the databases"
    });
  }
  if ([
    "ECONNREFUSED",
    "ENOTFOUND",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EAI_AGAIN",
    "ECONNRESET"
  ].includes(e.code ?? "") || /timeout|terminated/i.test(e.message ?? "")) {
    return new ConnectionError(`cannot reach PostgreSQL at ${where}: ${redact(e.message ?? String(error))}`, {
      hint: "is the server running? check PGHOST/PGPORT (or DATABASE_URL) and the network"
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
async function openClient(conn, database) {
  registerSecret(conn.password);
  const client = new esm_default.Client(clientConfig(conn, database));
  client.on("error", () => void 0);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => void 0);
    throw connectionError(error, conn, database);
  }
  return client;
}
async function withClient(conn, database, fn) {
  const client = await openClient(conn, database);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => void 0);
  }
}

// src/core/repository/audit-log.ts
import { text } from "node:stream/consumers";
var AuditEntrySchema = external_exports.object({
  time: external_exports.iso.datetime(),
  actor: external_exports.string().describe("`schedule:<name>`, `cli`, `api:<token name>`"),
  operation: external_exports.enum(["backup", "restore", "delete", "prune", "drill", "verify", "schedule"]),
  target: external_exports.string().describe("What was operated on: a database, a backup id, a schedule name"),
  outcome: external_exports.enum(["started", "success", "failure", "refused"]),
  details: external_exports.string().optional()
});
async function appendAudit(storage, entry, at = /* @__PURE__ */ new Date()) {
  const record = AuditEntrySchema.parse({
    ...entry,
    time: at.toISOString(),
    ...entry.details ? { details: redact(entry.details) } : {}
  });
  await storage.put(auditEntryKey(at), `${JSON.stringify(record)}
`, { ifNoneExists: true });
}
async function readAuditLog(storage, limit = 100) {
  const objects = (await storage.list(AUDIT_PREFIX)).sort((a, b) => a.key < b.key ? 1 : -1).slice(0, limit);
  const entries = await Promise.all(
    objects.map(async (o) => {
      try {
        return AuditEntrySchema.parse(JSON.parse(await text(await storage.get(o.key))));
      } catch {
        return void 0;
      }
    })
  );
  return entries.filter((e) => e !== void 0);
}
async function audited(storage, entry, run, describe = () => void 0) {
  try {
    const result = await run();
    const details = describe(result);
    await appendAudit(storage, { ...entry, outcome: "success", ...details ? { details } : {} }).catch(
      () => void 0
    );
    return result;
  } catch (error) {
    const refused = error.exitCode === 2;
    if (!await storage.stat(REPOSITORY_CONFIG_KEY).catch(() => void 0)) throw error;
    await appendAudit(storage, {
      ...entry,
      outcome: refused ? "refused" : "failure",
      details: `${error.code ?? "ERROR"}: ${error.message}`
    }).catch(() => void 0);
    throw error;
  }
}

// src/core/repository/catalog.ts
import { text as text3 } from "node:stream/consumers";

// src/core/report/backup-report.ts
var BackupReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(1),
  backupId: external_exports.string(),
  status: external_exports.enum(["success", "failed"]),
  databases: external_exports.array(external_exports.string()),
  allDatabases: external_exports.boolean().default(false).describe("Taken with --all-databases"),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  durationMs: external_exports.number().int().nonnegative(),
  storedBytes: external_exports.number().int().nonnegative(),
  rawBytes: external_exports.number().int().nonnegative(),
  compressionRatio: external_exports.number().nullable(),
  storage: external_exports.string().describe("Repository location, without credentials"),
  toolVersion: external_exports.string(),
  error: external_exports.object({ code: external_exports.string(), message: external_exports.string() }).nullable()
});

// src/core/repository/catalog-index.ts
import { text as text2 } from "node:stream/consumers";
var INDEX_PREFIX = "index/";
async function readIndex(storage, key) {
  try {
    const parsed = JSON.parse(await text2(await storage.get(key)));
    const entries = parsed?.entries;
    return entries && typeof entries === "object" && !Array.isArray(entries) ? entries : {};
  } catch {
    return {};
  }
}
async function readThroughIndex(storage, name, objects, schema) {
  const indexKey = `${INDEX_PREFIX}${name}.json`;
  const cached = await readIndex(storage, indexKey);
  const stamp = (o) => `${o.size}@${o.modified.getTime()}`;
  const wanted = new Map(objects.map((o) => [o.key, stamp(o)]));
  let changed = Object.keys(cached).some((k) => !wanted.has(k));
  const fresh = {};
  for (const [k, v] of Object.entries(cached)) {
    const entry = v;
    if (entry && entry.stamp === wanted.get(k))
      fresh[k] = { stamp: entry.stamp, value: entry.value };
    else changed = true;
  }
  const records = await mapLimited(objects, 32, async (object) => {
    const hit = object.key in fresh ? schema.safeParse(fresh[object.key].value) : void 0;
    if (hit?.success) return hit.data;
    try {
      const raw = JSON.parse(await text2(await storage.get(object.key)));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return void 0;
      fresh[object.key] = { stamp: stamp(object), value: raw };
      changed = true;
      return parsed.data;
    } catch {
      return void 0;
    }
  });
  if (changed) {
    await storage.put(indexKey, JSON.stringify({ formatVersion: 1, builtAt: (/* @__PURE__ */ new Date()).toISOString(), entries: fresh })).catch(() => void 0);
  }
  return records;
}

// src/core/repository/manifest.ts
var MANIFEST_FORMAT_VERSION = 1;
var StoredObjectSchema = external_exports.object({
  key: external_exports.string().describe("Object key relative to the repository root"),
  role: external_exports.enum(["database", "globals", "base"]).describe("What the object holds (base: the data directory as a tar, from pg_basebackup)"),
  database: external_exports.string().optional().describe("Database name for role=database"),
  storedSize: external_exports.number().int().nonnegative().describe("Bytes as stored (after compression/encryption)"),
  storedSha256: external_exports.string().regex(/^[0-9a-f]{64}$/).describe("sha256 of the stored bytes; verification needs no key"),
  rawSize: external_exports.number().int().nonnegative().describe("Bytes produced by pg_dump / pg_dumpall before compression"),
  rawSha256: external_exports.string().regex(/^[0-9a-f]{64}$/).optional().describe(
    "sha256 of the raw dump bytes, when the raw stream passed through db-backup (gzip, none); zstd objects are covered by the zstd frame checksum instead"
  )
});
var TableCountSchema = external_exports.object({
  schema: external_exports.string(),
  name: external_exports.string(),
  rows: external_exports.number().int().nonnegative().describe("Exact row count in the dump snapshot")
});
var DatabaseEntrySchema = external_exports.object({
  name: external_exports.string().describe("Database name as on the server"),
  sizeBytes: external_exports.number().int().nonnegative().describe("pg_database_size at backup time"),
  objectKey: external_exports.string().describe("Key of this database\u2019s dump object"),
  tables: external_exports.array(TableCountSchema).describe("Per-table row counts taken in the same snapshot as the dump")
});
var BaseBackupInfoSchema = external_exports.object({
  systemIdentifier: external_exports.string().regex(/^\d+$/).describe("The cluster\u2019s system identifier (decimal)"),
  timeline: external_exports.number().int().positive().describe("Timeline the backup started on"),
  startLsn: external_exports.string().describe("WAL position the backup starts from (its checkpoint redo point)"),
  stopLsn: external_exports.string().describe("WAL position at which the restored copy becomes consistent"),
  walSegmentSize: external_exports.number().int().positive(),
  walStart: external_exports.string().describe("First WAL segment a restore needs"),
  walStop: external_exports.string().describe("Last WAL segment a restore needs before it is consistent"),
  backupManifest: external_exports.object({
    key: external_exports.string(),
    size: external_exports.number().int().nonnegative(),
    sha256: external_exports.string().regex(/^[0-9a-f]{64}$/)
  }).nullable().describe("PostgreSQL\u2019s backup_manifest (13+), stored uncompressed beside the tar")
});
var BackupManifestSchema = external_exports.object({
  formatVersion: external_exports.literal(MANIFEST_FORMAT_VERSION),
  id: external_exports.string(),
  kind: external_exports.enum(["logical", "base"]),
  databases: external_exports.array(DatabaseEntrySchema).min(1),
  allDatabases: external_exports.boolean().describe("Taken with --all-databases (globals included)"),
  startedAt: external_exports.iso.datetime(),
  finishedAt: external_exports.iso.datetime(),
  durationMs: external_exports.number().int().nonnegative(),
  server: external_exports.object({ version: external_exports.string(), versionNum: external_exports.number().int() }),
  client: external_exports.object({ pgDump: external_exports.string(), path: external_exports.string() }),
  tool: external_exports.object({ name: external_exports.literal("db-backup"), version: external_exports.string() }),
  format: external_exports.enum(["custom", "directory", "tar"]).describe(
    "pg_dump archive format (directory is stored as tar); tar for base backups (pg_basebackup -Ft)"
  ),
  compression: external_exports.object({ algorithm: external_exports.enum(["zstd", "gzip", "none"]), level: external_exports.number().int() }),
  encryption: external_exports.object({
    scheme: external_exports.literal("age-v1"),
    recipientFingerprint: external_exports.string(),
    recipientFingerprints: external_exports.array(external_exports.string()).optional()
  }).nullable().describe("Encryption recipient fingerprint; never key material"),
  objects: external_exports.array(StoredObjectSchema).min(1),
  options: external_exports.object({
    schemaOnly: external_exports.boolean(),
    dataOnly: external_exports.boolean(),
    tables: external_exports.array(external_exports.string()),
    excludeTables: external_exports.array(external_exports.string())
  }),
  tags: external_exports.array(external_exports.string()),
  host: external_exports.string().describe("Server host:port (no credentials)"),
  base: BaseBackupInfoSchema.optional().describe("Base backups only: WAL position and range")
});
var VerificationRecordSchema = external_exports.object({
  backupId: external_exports.string(),
  verifiedAt: external_exports.iso.datetime(),
  ok: external_exports.boolean(),
  checks: external_exports.array(external_exports.object({ name: external_exports.string(), ok: external_exports.boolean(), details: external_exports.string() })),
  toolVersion: external_exports.string()
});

// src/core/repository/catalog.ts
var json = (value) => `${JSON.stringify(value, null, 2)}
`;
function damagedRecordHint(key) {
  const id = backupIdOfKey(key);
  return id ? `the record was damaged after it was written (a truncated copy or an edit): put back ${key} from a copy of the repository, or use another backup (\`db-backup list\`)` : `the record was damaged after it was written: put back ${key} from a copy of the repository`;
}
async function readJson(storage, key, schema) {
  const raw = await text3(await storage.get(key));
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new RepositoryError(`${key} is not valid JSON`, { cause: error, hint: damagedRecordHint(key) });
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new RepositoryError(`${key} does not match its schema: ${result.error.issues[0]?.message}`, {
      hint: damagedRecordHint(key)
    });
  return result.data;
}
async function readManifest(storage, id) {
  try {
    return await readJson(storage, manifestKey(assertBackupId(id)), BackupManifestSchema);
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) {
      throw new BackupNotFoundError(`no backup ${id} in ${storage.location}`, {
        hint: "run `db-backup list` to see the backups"
      });
    }
    throw error;
  }
}
async function writeManifest(storage, manifest) {
  await storage.put(manifestKey(manifest.id), json(BackupManifestSchema.parse(manifest)), {
    ifNoneExists: true
  });
}
async function listBackups(storage, filter = {}) {
  const objects = (await storage.list(BACKUPS_PREFIX)).filter((o) => {
    const id = backupIdOfKey(o.key);
    return id !== void 0 && o.key === manifestKey(id);
  });
  const manifests = await readThroughIndex(storage, "manifests", objects, BackupManifestSchema);
  return manifests.filter((m) => m !== void 0).filter((m) => filter.database === void 0 || m.databases.some((d) => d.name === filter.database)).sort(
    (a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt) || Date.parse(a.startedAt) - Date.parse(b.startedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
async function listIncompleteBackups(storage) {
  const byId = /* @__PURE__ */ new Map();
  for (const object of await storage.list(BACKUPS_PREFIX)) {
    const id = backupIdOfKey(object.key);
    if (!id) continue;
    const entry = byId.get(id) ?? { keys: [], newest: 0, hasManifest: false };
    entry.keys.push(object.key);
    entry.newest = Math.max(entry.newest, object.modified.getTime());
    if (object.key === manifestKey(id)) entry.hasManifest = true;
    byId.set(id, entry);
  }
  return [...byId.entries()].filter(([, e]) => !e.hasManifest).map(([id, e]) => ({ id, keys: e.keys, newestModified: new Date(e.newest) }));
}
async function writeVerification(storage, record) {
  await storage.put(
    verificationKey(record.backupId, new Date(record.verifiedAt)),
    json(VerificationRecordSchema.parse(record))
  );
}
async function latestVerification(storage, id) {
  const objects = await storage.list(verificationPrefix(id));
  const newest = objects.at(-1);
  if (!newest) return void 0;
  return readJson(storage, newest.key, VerificationRecordSchema).catch(() => void 0);
}
async function latestVerifications(storage) {
  const newest = /* @__PURE__ */ new Map();
  for (const o of await storage.list("verifications/")) newest.set(o.key.split("/")[1], o);
  const ids = [...newest.keys()];
  const records = await readThroughIndex(
    storage,
    "verifications",
    [...newest.values()],
    VerificationRecordSchema
  );
  return new Map(
    ids.flatMap(
      (id, i) => records[i] === void 0 ? [] : [[id, records[i]]]
    )
  );
}
async function writeBackupReport(storage, report) {
  await storage.put(backupReportKey(report.backupId), json(BackupReportSchema.parse(report)));
}
async function listBackupReports(storage, options = {}) {
  const objects = (await storage.list("reports/backups/")).filter(
    (o) => options.after === void 0 || (o.key.split("/").pop() ?? "") > options.after
  );
  const reports = await mapLimited(
    objects,
    32,
    (o) => readJson(storage, o.key, BackupReportSchema).catch(() => void 0)
  );
  return reports.filter((r) => r !== void 0).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
async function deleteBackup(storage, id) {
  const prefix = backupPrefix(id);
  const manifest = manifestKey(id);
  const objects = (await storage.list(prefix)).map((o) => o.key).filter((k) => k !== manifest);
  const verifications = (await storage.list(verificationPrefix(id))).map((o) => o.key);
  const report = backupReportKey(id);
  const keys = [manifest, ...objects, ...verifications, report];
  for (const key of keys) {
    if (!(key.startsWith(prefix) || key.startsWith(verificationPrefix(id)) || key === report)) {
      throw new RepositoryError(`refusing to delete ${key}: outside backup ${id}`);
    }
  }
  for (const key of keys) await storage.delete(key);
  return keys;
}

// src/core/drill/drill-reports.ts
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import { dirname, join as join2, resolve as resolve2 } from "node:path";
import { text as text4 } from "node:stream/consumers";

// src/core/backup/local-report.ts
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
function localRepositoryRoot(location, cwd = process.cwd()) {
  if (location.startsWith("file://")) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return void 0;
  return resolve(cwd, location);
}
function localReportDir(configured, storageLocation, sibling) {
  if (configured) return resolve(configured);
  const root = localRepositoryRoot(storageLocation);
  return root ? join(root, sibling) : void 0;
}
async function writeLocalReportCopy(config, _storage, report, log) {
  const dir = localReportDir(config.backup.reportDir, config.storage, "logs");
  if (!dir) return [];
  const path = join(
    dir,
    `backup_report_${compactTimestamp(new Date(report.startedAt))}_${report.backupId}.json`
  );
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, `${JSON.stringify(report, null, 2)}
`);
    return [path];
  } catch (error) {
    log.warn(`could not write local backup report ${path}: ${error.message}`);
    return [];
  }
}

// src/core/logger.ts
var silentLogger = { debug() {
}, info() {
}, warn() {
} };

// src/core/report/drill-report.ts
var DRILL_REPORT_SCHEMA_VERSION = 1;
var DrillCheckSchema = external_exports.object({
  name: external_exports.string().describe("What was checked, e.g. `stored checksum`, `row count public.orders`"),
  status: external_exports.enum(["pass", "fail", "skip"]),
  details: external_exports.string().describe("Expected and observed values, or why the check was skipped")
});
var DrillReportSchema = external_exports.object({
  schemaVersion: external_exports.literal(DRILL_REPORT_SCHEMA_VERSION),
  drill_id: external_exports.string().describe("Unique id of this drill run"),
  drill_timestamp: external_exports.iso.datetime().describe("When the drill started (UTC)"),
  status: external_exports.enum(["success", "non_compliant", "failure"]).describe(
    "success: restored, all checks passed, RPO and RTO met; non_compliant: restored but a target was breached; failure: the restore or a check failed"
  ),
  backup_id: external_exports.string().nullable().describe("The backup restored (null if none could be selected)"),
  database: external_exports.string().nullable().describe("Source database name"),
  backup_finished_at: external_exports.iso.datetime().nullable(),
  backup_age_minutes: external_exports.number().nullable().describe("RPO measure: drill start minus the backup finish time"),
  restore_duration_minutes: external_exports.number().nullable().describe("RTO measure: from the start of the download to a usable, checked database"),
  rpo_target_minutes: external_exports.number(),
  rto_target_minutes: external_exports.number(),
  rpo_compliant: external_exports.boolean().describe("backup_age_minutes <= rpo_target_minutes"),
  rto_compliant: external_exports.boolean().describe("restore_duration_minutes <= rto_target_minutes"),
  scratch: external_exports.object({
    database: external_exports.string().describe("Scratch database restored into"),
    location: external_exports.string().describe(
      "`same server`, `local throwaway cluster`, or host:port (no credentials); `not opened` when the drill failed before creating its scratch database"
    ),
    dropped: external_exports.boolean().describe("The scratch database was removed after the drill")
  }),
  checks: external_exports.array(DrillCheckSchema),
  measures: external_exports.object({
    stored_bytes: external_exports.number().int().nonnegative(),
    restored_bytes: external_exports.number().int().nonnegative().describe("Raw archive bytes restored"),
    throughput_mib_per_s: external_exports.number().nonnegative().nullable(),
    tables_checked: external_exports.number().int().nonnegative(),
    rows_checked: external_exports.number().int().nonnegative()
  }),
  timings_ms: external_exports.object({
    fetch_and_verify: external_exports.number().int().nonnegative(),
    restore: external_exports.number().int().nonnegative(),
    checks: external_exports.number().int().nonnegative(),
    total: external_exports.number().int().nonnegative()
  }),
  environment: external_exports.object({
    server_version: external_exports.string().nullable().describe("PostgreSQL server the drill restored into"),
    backup_server_version: external_exports.string().nullable().describe("PostgreSQL server the backup was taken from"),
    pg_restore_version: external_exports.string().nullable(),
    tool_version: external_exports.string(),
    node_version: external_exports.string(),
    hostname: external_exports.string()
  }),
  error: external_exports.object({
    code: external_exports.string(),
    message: external_exports.string(),
    hint: external_exports.string().optional().describe("What to do about it")
  }).nullable().describe("Why the drill failed, when status is failure"),
  pitr: external_exports.object({
    target: external_exports.string().describe("The recovery target as requested: `latest`, `random` or a time"),
    target_time: external_exports.iso.datetime().nullable().describe("The time recovered to (null for `latest`: every archived WAL file)"),
    base_backup_id: external_exports.string().nullable().describe("The base backup the WAL was replayed onto"),
    recovered_to: external_exports.iso.datetime().nullable().describe("Commit time of the last transaction replayed (pg_last_xact_replay_timestamp)"),
    newest_wal: external_exports.string().nullable().describe("Newest archived WAL segment when the drill started"),
    newest_wal_archived_at: external_exports.iso.datetime().nullable().describe("When it was archived: backup_age_minutes is measured from here (the PITR RPO)"),
    window: external_exports.object({ earliest: external_exports.iso.datetime(), latest: external_exports.iso.datetime() }).nullable().describe("The recoverable window random targets are drawn from")
  }).optional().describe(
    "Point-in-time drills only: base backup plus WAL restored into a throwaway cluster; RTO = restore + recovery"
  )
}).describe("db-backup restore drill report");
function drillStatus(failed, rpoCompliant, rtoCompliant) {
  if (failed) return "failure";
  return rpoCompliant && rtoCompliant ? "success" : "non_compliant";
}
var icon = (status) => status === "pass" ? "\u2705" : status === "fail" ? "\u274C" : "\u2796";
var md = (text6) => text6.replace(/\|/g, "\\|").replace(/\n/g, " ");
function renderDrillMarkdown(report) {
  const headline = report.status === "success" ? "\u2705 Restore drill passed" : report.status === "non_compliant" ? "\u26A0\uFE0F Restore drill restored the backup but is NOT compliant" : "\u274C Restore drill FAILED";
  const fmt = (n) => n === null ? "n/a" : n.toFixed(1);
  const lines = [
    `## ${headline}`,
    "",
    `| | measured | target | compliant |`,
    `|---|---|---|---|`,
    `| RPO (${report.pitr ? "newest archived WAL age" : "backup age"}) | ${fmt(report.backup_age_minutes)} min | ${report.rpo_target_minutes} min | ${report.rpo_compliant ? "yes" : "**no**"} |`,
    `| RTO (restore time) | ${fmt(report.restore_duration_minutes)} min | ${report.rto_target_minutes} min | ${report.rto_compliant ? "yes" : "**no**"} |`,
    "",
    `- backup: \`${report.backup_id ?? "none"}\` of database \`${md(report.database ?? "n/a")}\`, finished ${report.backup_finished_at ?? "n/a"}`,
    `- drill: \`${report.drill_id}\` at ${report.drill_timestamp}, ${report.scratch.location === "not opened" ? "no scratch database was created" : `scratch \`${md(report.scratch.database)}\` on ${md(report.scratch.location)} (${report.scratch.dropped ? "dropped" : "kept"})`}`,
    `- restored ${report.measures.restored_bytes} bytes${report.measures.throughput_mib_per_s === null ? "" : ` at ${report.measures.throughput_mib_per_s.toFixed(1)} MiB/s`}; ${report.measures.tables_checked} tables / ${report.measures.rows_checked} rows checked`,
    `- PostgreSQL ${report.environment.server_version ?? "n/a"}, db-backup ${report.environment.tool_version}`
  ];
  if (report.pitr)
    lines.push(
      `- point in time: target ${report.pitr.target}${report.pitr.target_time ? ` (${report.pitr.target_time})` : ""}, recovered to ${report.pitr.recovered_to ?? "n/a"} from base backup \`${report.pitr.base_backup_id ?? "none"}\`; newest WAL \`${report.pitr.newest_wal ?? "none"}\` archived ${report.pitr.newest_wal_archived_at ?? "n/a"}`
    );
  if (report.error) lines.push("", `**Error** \`${report.error.code}\`: ${md(report.error.message)}`);
  if (report.error?.hint) lines.push("", `hint: ${md(report.error.hint)}`);
  lines.push("", "| check | status | details |", "|---|---|---|");
  for (const check of report.checks)
    lines.push(`| ${md(check.name)} | ${icon(check.status)} ${check.status} | ${md(check.details)} |`);
  return `${lines.join("\n")}
`;
}

// src/core/drill/drill-reports.ts
function drillReportObjectKey(report) {
  return `${DRILL_REPORTS_PREFIX}${report.drill_id}.json`;
}
async function saveDrillReport(config, storage, report, reportFile, log = silentLogger) {
  const body = `${JSON.stringify(report, null, 2)}
`;
  const key = drillReportObjectKey(report);
  await storage.put(key, body);
  const dir = localReportDir(config.drill.reportDir, config.storage, "restore-tests");
  const file = reportFile ? resolve2(reportFile) : dir ? (
    // Named by the drill id: two drills in one second never overwrite each other.
    join2(dir, `monthly_drill_${report.drill_id.replace(/^drill-/, "")}.json`)
  ) : void 0;
  if (!file) return { key, file };
  try {
    await mkdir2(dirname(file), { recursive: true });
    await writeFile2(file, body, { flag: reportFile ? "w" : "wx" });
    return { key, file };
  } catch (error) {
    log.warn(
      `could not write the local drill report ${file}: ${error.message}; it is stored as ${key}`
    );
    return { key, file: void 0 };
  }
}
async function listDrillReports(storage) {
  const objects = await storage.list(DRILL_REPORTS_PREFIX);
  const reports = [];
  for (const object of objects) {
    try {
      const parsed = DrillReportSchema.safeParse(JSON.parse(await text4(await storage.get(object.key))));
      if (parsed.success) reports.push(parsed.data);
    } catch {
    }
  }
  return reports.sort((a, b) => Date.parse(a.drill_timestamp) - Date.parse(b.drill_timestamp));
}
var median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function summarizeDrills(reports, database) {
  const selected = database ? reports.filter((r) => r.database === database) : reports;
  const compliant = selected.filter((r) => r.status === "success").length;
  const rtos = selected.map((r) => r.restore_duration_minutes).filter((v) => v !== null);
  const half = Math.floor(rtos.length / 2);
  return {
    drills: selected.map((r) => ({
      drillId: r.drill_id,
      drillTimestamp: r.drill_timestamp,
      backupId: r.backup_id,
      database: r.database,
      status: r.status,
      backupAgeMinutes: r.backup_age_minutes,
      restoreDurationMinutes: r.restore_duration_minutes
    })),
    total: selected.length,
    compliant,
    complianceRate: selected.length ? Math.round(compliant / selected.length * 1e3) / 1e3 : null,
    rtoTrendMinutes: rtos.slice(-12),
    rtoChangeMinutes: half > 0 ? Math.round((median(rtos.slice(half)) - median(rtos.slice(0, half))) * 1e3) / 1e3 : null
  };
}

// src/core/backup/run-backup.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join4 } from "node:path";

// src/core/pipeline/dump-to-storage.ts
import { pipeline } from "node:stream/promises";
async function dumpToStorage(options) {
  options.signal?.throwIfAborted();
  const { producer, storage, key } = options;
  const directPipe = options.compression.algorithm === "zstd" && !options.tap;
  const compressor = await compressCommand(options.compression, { reportByteCounts: directPipe });
  const children = [];
  const source = startChild(producer.command, producer.args, {
    env: producer.env,
    cwd: producer.cwd,
    stdout: "pipe"
  });
  children.push({ name: producer.name, child: source });
  const compress = compressor ? startChild(compressor.command, compressor.args, {
    stdin: directPipe ? source.process.stdout : "pipe",
    stdout: "pipe"
  }) : void 0;
  if (compress) children.push({ name: compressor.command, child: compress });
  if (directPipe) source.process.stdout.destroy();
  const allChildrenSucceeded = () => Promise.all(
    children.map(async ({ name, child }) => {
      const result = await child.done;
      if (!childSucceeded(result)) throw new DumpFailedError(describeFailure(name, result));
    })
  ).then(() => void 0);
  const raw = new HashingStream();
  const limit = options.maxStoredBytes;
  const stored = new HashingStream(
    allChildrenSucceeded,
    limit === void 0 ? void 0 : {
      bytes: limit,
      error: () => new DumpFailedError(
        `the backup grew past ${Math.round(limit / 1048576)} MiB (BACKUP_MAX_SIZE_MB) and was discarded`,
        { hint: "raise BACKUP_MAX_SIZE_MB if the database really grew, or find out what filled it" }
      )
    },
    options.onBytes
  );
  const compressed = new CountingStream();
  const tap = options.tap ? [options.tap] : [];
  const toStorage = options.encrypt ? [compressed, options.encrypt(), stored] : [compressed, stored];
  const flows = !compress ? [pipeline([source.process.stdout, raw, ...tap, ...toStorage])] : directPipe ? [pipeline([compress.process.stdout, ...toStorage])] : [
    pipeline(source.process.stdout, raw, ...tap, compress.process.stdin),
    pipeline([compress.process.stdout, ...toStorage])
  ];
  const upload = storage.put(key, stored);
  const stop = (reason) => {
    for (const { child } of children) child.process.kill("SIGTERM");
    stored.destroy(reason);
  };
  const onAbort = () => stop(
    options.signal?.reason instanceof DbBackupError ? options.signal.reason : new InterruptedError("the backup was interrupted; nothing was stored")
  );
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all([...flows, upload]);
    await allChildrenSucceeded();
  } catch (caught) {
    const error = stored.errored instanceof DbBackupError ? stored.errored : caught;
    for (const { child } of children) child.process.kill("SIGTERM");
    stored.destroy();
    options.signal?.removeEventListener("abort", onAbort);
    const [uploaded] = await Promise.allSettled([upload, ...children.map((c) => c.child.done)]);
    await storage.delete(key).catch(() => void 0);
    if (error instanceof DbBackupError) throw error;
    if (uploaded.status === "rejected" && uploaded.reason instanceof StorageError) throw uploaded.reason;
    const childFailure = await allChildrenSucceeded().then(
      () => void 0,
      (e) => e
    );
    throw childFailure ?? new DumpFailedError(`backup stream failed: ${error.message}`, { cause: error });
  }
  options.signal?.removeEventListener("abort", onAbort);
  const storedDigest2 = stored.digest();
  if (!directPipe) return { raw: raw.digest(), stored: storedDigest2 };
  const counts = parseZstdByteCounts((await compress.done).stderr);
  if (!counts || counts.compressed !== compressed.bytes) {
    await storage.delete(key).catch(() => void 0);
    throw new DumpFailedError(
      `zstd reported ${counts ? `${counts.compressed} compressed bytes, but ${compressed.bytes} reached storage` : "no byte counts"}; the backup was discarded`,
      { hint: "check the zstd installation (`zstd --version`, 1.4 or newer)" }
    );
  }
  return { raw: { size: counts.raw }, stored: storedDigest2 };
}

// src/core/postgres/binaries.ts
import { access, constants, readdir, realpath } from "node:fs/promises";
import { basename, delimiter, join as join3 } from "node:path";
async function isExecutable(path) {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
async function globDirs(pattern) {
  try {
    const names = await readdir(pattern.parent);
    return names.filter((n) => pattern.match.test(n)).map((n) => join3(pattern.parent, n, pattern.suffix));
  } catch {
    return [];
  }
}
function parseVersion(output) {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(output);
  if (!m) return void 0;
  const first = Number(m[1]);
  const major = first >= 10 ? first : Number(`${first}.${m[2] ?? 0}`);
  return { version: [m[1], m[2], m[3]].filter((p) => p !== void 0).join("."), major };
}
async function candidateDirs(opts = {}) {
  const path = (opts.searchPath ?? process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const versioned = [
    ...await globDirs({ parent: "/usr/lib/postgresql", match: /^\d+(\.\d+)?$/, suffix: "bin" }),
    ...await globDirs({ parent: "/usr", match: /^pgsql-\d+$/, suffix: "bin" }),
    ...await globDirs({ parent: "/opt/homebrew/opt", match: /^postgresql@\d+$/, suffix: "bin" }),
    ...await globDirs({ parent: "/usr/local/opt", match: /^postgresql@\d+$/, suffix: "bin" })
  ];
  return [...opts.pgBinDir ? [opts.pgBinDir] : [], ...path, ...versioned];
}
async function findPgBinaries(opts = {}) {
  if (opts.pgBinDir && !await isExecutable(join3(opts.pgBinDir, "pg_dump"))) {
    throw new BinaryNotFoundError(`no pg_dump in ${opts.pgBinDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir)`, {
      hint: "point it at the bin directory of a PostgreSQL client install, or unset it to search PATH and /usr/lib/postgresql/*/bin"
    });
  }
  const dirs = opts.pgBinDir ? [opts.pgBinDir] : await candidateDirs(opts);
  const probes = await Promise.all(dirs.map((dir) => probeInstall(dir)));
  const seen = /* @__PURE__ */ new Set();
  const installs = [];
  for (const probe of probes) {
    if (!probe || seen.has(probe.real)) continue;
    seen.add(probe.real);
    const duplicate = installs.find((i) => i.version === probe.install.version);
    if (duplicate && probe.isWrapper) continue;
    if (duplicate) installs.splice(installs.indexOf(duplicate), 1);
    installs.push(probe.install);
  }
  if (opts.pgBinDir && installs.length === 0) {
    throw new BinaryNotFoundError(`pg_dump in ${opts.pgBinDir} did not report a PostgreSQL version`, {
      hint: `run \`${join3(opts.pgBinDir, "pg_dump")} --version\` to see why, or point BACKUP_PG_BIN_DIR elsewhere`
    });
  }
  return installs;
}
async function probeInstall(dir) {
  const pgDump = join3(dir, "pg_dump");
  if (!await isExecutable(pgDump)) return void 0;
  const real = await realpath(pgDump).catch(() => pgDump);
  if (basename(real) === "pg_wrapper") return void 0;
  const parsed = parseVersion((await runChild(pgDump, ["--version"])).stdout);
  if (!parsed) return void 0;
  const isWrapper = !await isExecutable(join3(dir, "pg_restore")) || dir === "/usr/bin";
  return { install: { binDir: dir, ...parsed }, real, isWrapper };
}
function selectClientFor(serverMajor, installs, explicitDir) {
  if (installs.length === 0) {
    throw new BinaryNotFoundError("pg_dump not found in PATH or /usr/lib/postgresql/*/bin", {
      hint: "install the PostgreSQL client (Debian/Ubuntu: apt-get install postgresql-client) or set BACKUP_PG_BIN_DIR"
    });
  }
  const explicit = explicitDir ? installs.find((i) => i.binDir === explicitDir) : void 0;
  if (explicit) {
    if (explicit.major >= serverMajor) return explicit;
    throw new VersionMismatchError(
      `pg_dump ${explicit.version} in ${explicit.binDir} (BACKUP_PG_BIN_DIR / --pg-bin-dir) is older than the PostgreSQL ${serverMajor} server it must work with`,
      {
        hint: `point BACKUP_PG_BIN_DIR at a PostgreSQL ${serverMajor} or newer client, or unset it to search PATH and /usr/lib/postgresql/*/bin`
      }
    );
  }
  const same = installs.find((i) => i.major === serverMajor);
  if (same) return same;
  const newer = installs.filter((i) => i.major > serverMajor).sort((a, b) => a.major - b.major)[0];
  if (newer) return newer;
  const newest = [...installs].sort((a, b) => b.major - a.major)[0];
  throw new VersionMismatchError(
    `pg_dump ${newest.version} cannot dump a PostgreSQL ${serverMajor} server: the client must be at least as new as the server`,
    { hint: `install postgresql-client-${serverMajor} or set BACKUP_PG_BIN_DIR to its bin directory` }
  );
}
function pgToolPath(install, name) {
  return join3(install.binDir, name);
}
async function requirePgTool(install, name) {
  const path = pgToolPath(install, name);
  if (!await isExecutable(path)) {
    throw new BinaryNotFoundError(`${name} not found in ${install.binDir}`, {
      hint: `install the full PostgreSQL ${install.major} client/server package`
    });
  }
  return path;
}
function pgTool(install, name) {
  return pgToolPath(install, name);
}
async function findServerBinaries() {
  const installs = await findPgBinaries();
  for (const install of [...installs].sort((a, b) => b.major - a.major)) {
    const ok = await Promise.all(
      ["initdb", "pg_ctl", "postgres"].map((p) => isExecutable(join3(install.binDir, p)))
    );
    if (ok.every(Boolean)) return install;
  }
  throw new BinaryNotFoundError("no PostgreSQL server programs (initdb, pg_ctl, postgres) found", {
    hint: "install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql)"
  });
}

// src/core/postgres/quote.ts
function assertNoNul(text6) {
  if (text6.includes("\0")) throw new UsageError("names and values may not contain NUL characters");
}
function quoteIdent(name) {
  assertNoNul(name);
  return `"${name.replace(/"/g, '""')}"`;
}

// src/core/postgres/server.ts
async function serverInfo(conn, database = "postgres") {
  return withClient(conn, database, serverInfoOf);
}
async function serverInfoOf(client) {
  const { rows } = await client.query(
    "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n"
  );
  const versionNum = Number(rows[0].n);
  const major = versionNum >= 1e5 ? Math.floor(versionNum / 1e4) : Math.floor(versionNum / 1e4) + Math.floor(versionNum % 1e4 / 100) / 10;
  return { version: rows[0].v.split(" ")[0], versionNum, major };
}
async function listDatabasesOf(client) {
  const { rows } = await client.query(
    "SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn ORDER BY datname"
  );
  return rows.map((r) => r.datname);
}
async function databaseExists(conn, name) {
  return withClient(
    conn,
    "postgres",
    async (client) => (await missingDatabases(client, [name])).length === 0
  );
}
async function missingDatabases(client, names) {
  const { rows } = await client.query(
    "SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS w(name, i) WHERE name NOT IN (SELECT datname FROM pg_database) ORDER BY i",
    [names]
  );
  return rows.map((r) => r.name);
}
async function createDatabase(conn, name) {
  await withClient(
    conn,
    "postgres",
    (client) => client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`)
  );
}
async function dropDatabase(conn, name, options = {}) {
  await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query("SELECT current_setting('server_version_num') AS n");
    const force = options.force && Number(rows[0].n) >= 13e4 ? " WITH (FORCE)" : "";
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}${force}`);
  });
}
async function isDatabaseEmpty(conn, name) {
  return withClient(conn, name, async (client) => {
    const { rows } = await client.query(`
      SELECT (
        (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%')
      + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))
      + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND t.typtype IN ('e', 'd', 'c', 'r') AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid))
      + (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
      + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'public') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%')
      + (SELECT count(*) FROM pg_largeobject_metadata)
      )::text AS n`);
    return rows[0].n === "0";
  });
}
async function tableRowCounts(client, options = {}) {
  const { rows: tables } = await client.query(`
    SELECT n.nspname AS schema, c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND n.nspname NOT LIKE 'pg_temp%'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`);
  const batchSize = options.batchSize ?? 500;
  const counts = [];
  for (let start = 0; start < tables.length; start += batchSize) {
    const batch = tables.slice(start, start + batchSize);
    const results = await countBatch(
      client,
      batch.map((t) => `SELECT count(*)::text AS n FROM ONLY ${quoteIdent(t.schema)}.${quoteIdent(t.name)}`)
    );
    batch.forEach((t, i) => {
      counts.push({ schema: t.schema, name: t.name, rows: Number(results[i]) });
    });
  }
  return counts;
}
async function countBatch(client, statements) {
  const outcome2 = await client.query(statements.join(";\n"));
  const results = Array.isArray(outcome2) ? outcome2 : [outcome2];
  if (results.length !== statements.length) {
    throw new Error(`expected ${statements.length} row counts, the server returned ${results.length}`);
  }
  return results.map((r) => r.rows[0].n);
}

// src/core/repository/lock.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { text as text5 } from "node:stream/consumers";
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function readLock(storage, key) {
  try {
    return JSON.parse(await text5(await storage.get(key)));
  } catch {
    return void 0;
  }
}
async function acquireLock(storage, label, options = {}) {
  const key = lockKey(label);
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const staleAfterMs = options.staleAfterMs ?? 10 * 6e4;
  const token = randomBytes(8).toString("hex");
  const acquiredAt = now().toISOString();
  const body = () => {
    const at = now().toISOString();
    return JSON.stringify({ pid: process.pid, hostname: hostname(), acquiredAt, heartbeatAt: at, token });
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await storage.put(key, body(), { ifNoneExists: true });
      break;
    } catch (error) {
      if (!(error instanceof StorageObjectExistsError) || attempt === 1) {
        if (error instanceof StorageObjectExistsError) throw heldError(label, await readLock(storage, key));
        throw error;
      }
      const holder = await readLock(storage, key);
      const stale = !holder || holder.hostname === hostname() && !processAlive(holder.pid) || now().getTime() - Date.parse(holder.heartbeatAt) > staleAfterMs;
      if (!stale) throw heldError(label, holder);
      await storage.delete(key);
    }
  }
  const timer = setInterval(() => {
    void (async () => {
      const current = await readLock(storage, key);
      if (current?.token === token) await storage.put(key, body()).catch(() => void 0);
    })();
  }, options.heartbeatMs ?? 6e4);
  timer.unref();
  let released;
  return {
    // Idempotent: a caller may release as soon as its work is committed and again in its `finally`.
    release() {
      released ??= (async () => {
        clearInterval(timer);
        const current = await readLock(storage, key);
        if (current?.token === token) await storage.delete(key);
      })();
      return released;
    }
  };
}
function heldError(label, holder) {
  return new LockHeldError(
    `another backup of ${JSON.stringify(label)} is running${holder ? ` (pid ${holder.pid} on ${holder.hostname} since ${holder.acquiredAt})` : ""}`,
    { hint: "wait for it to finish; a lock left by a dead process is taken over automatically" }
  );
}

// src/core/backup/run-backup.ts
function namedDatabases(config) {
  if (config.allDatabases) return [];
  const named = config.databases.length > 0 ? config.databases : [databaseFromUrl(config.connection.url)].filter(Boolean);
  return [...new Set(named)];
}
async function selectDatabases(config, conn, client) {
  if (config.allDatabases) return listDatabasesOf(client);
  const named = namedDatabases(config);
  if (named.length === 0) {
    throw new UsageError("no database to back up", {
      hint: "pass --database NAME (repeatable), --all-databases, or a database in DATABASE_URL"
    });
  }
  const [missing] = await missingDatabases(client, named);
  if (missing !== void 0) {
    throw new DatabaseNotFoundError(
      `database ${JSON.stringify(missing)} does not exist on ${describeServer(conn)}`,
      {
        hint: "check the name (it is case-sensitive); `psql -l` lists the databases"
      }
    );
  }
  return named;
}
async function serverSideOf(config, conn, only) {
  if (only === void 0) {
    return withClient(conn, "postgres", async (client) => ({
      server: await serverInfoOf(client),
      databases: await selectDatabases(config, conn, client)
    }));
  }
  const session = await openClient(conn, only);
  try {
    return { server: await serverInfoOf(session), databases: [only], session };
  } catch (error) {
    await session.end().catch(() => void 0);
    throw error;
  }
}
async function runBackupUnaudited(options) {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const conn = resolveConnection(config.connection);
  const encryption = resolveEncryption(config);
  const opened = openRepository(storage, {
    create: true,
    encryption: encryption.encryptor?.record ?? null
  });
  const named = namedDatabases(config);
  const only = named.length === 1 ? named[0] : void 0;
  const settled = await Promise.allSettled([
    serverSideOf(config, conn, only),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    opened,
    only === void 0 ? void 0 : opened.then(() => acquireLock(storage, only))
  ]);
  const session = settled[0].status === "fulfilled" ? settled[0].value.session : void 0;
  let sessionClosed;
  const closeSession = () => {
    sessionClosed ??= session ? session.end().catch(() => void 0) : Promise.resolve();
    return sessionClosed;
  };
  const earlyLock = settled[3].status === "fulfilled" ? settled[3].value : void 0;
  try {
    for (const step of settled) if (step.status === "rejected") throw step.reason;
    const [{ server, databases }, installs, repository] = settled.map(
      (step) => step.value
    );
    assertRepositoryEncryption(repository, encryption.encryptor, storage.location);
    const install = selectClientFor(server.major, installs, config.pgBinDir);
    const compression = {
      algorithm: config.backup.compression,
      level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression)
    };
    const groups = config.allDatabases ? [{ label: "all", databases }] : databases.map((d) => ({ label: d, databases: [d] }));
    const outcome2 = { manifests: [], reports: [], reportFiles: [] };
    for (const group of groups) {
      const context = {
        ...options,
        log,
        now,
        conn,
        server,
        install,
        compression,
        group,
        ...encryption.encryptor ? { encryptor: encryption.encryptor } : {},
        ...session ? { session, closeSession } : {},
        ...earlyLock ? { lock: earlyLock } : {}
      };
      const { manifest, report, reportFiles } = await backupGroup(context).catch(async (error) => {
        if (!(error instanceof FailedGroup)) throw error;
        outcome2.reports.push(error.report);
        outcome2.reportFiles.push(...await writeLocalReportCopy(config, storage, error.report, log));
        throw error.cause;
      });
      outcome2.manifests.push(manifest);
      outcome2.reports.push(report);
      outcome2.reportFiles.push(...reportFiles);
    }
    return outcome2;
  } finally {
    await Promise.all([closeSession(), earlyLock?.release().catch(() => void 0)]);
  }
}
var FailedGroup = class extends Error {
  report;
  constructor(report, cause) {
    super("backup failed", { cause });
    this.report = report;
  }
};
async function backupGroup(ctx) {
  const { config, storage, log, group } = ctx;
  const startedAt = ctx.now();
  const id = newBackupId(group.label, startedAt);
  const lock = ctx.lock ?? await acquireLock(storage, group.label);
  const objects = [];
  try {
    log.info(
      `backup ${id}: ${group.databases.map((d) => JSON.stringify(d)).join(", ")} from ${describeServer(ctx.conn)}`
    );
    const entries = [];
    if (config.allDatabases) objects.push(await dumpGlobals(ctx, id));
    const usedKeys = /* @__PURE__ */ new Set();
    for (const database of group.databases) {
      ctx.signal?.throwIfAborted();
      const { entry, object } = await dumpDatabase(ctx, id, database, usedKeys);
      entries.push(entry);
      objects.push(object);
    }
    const finishedAt = ctx.now();
    const manifest = {
      formatVersion: 1,
      id,
      kind: "logical",
      databases: entries,
      allDatabases: config.allDatabases,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      server: { version: ctx.server.version, versionNum: ctx.server.versionNum },
      client: { pgDump: ctx.install.version, path: ctx.install.binDir },
      tool: { name: "db-backup", version: TOOL_VERSION },
      format: config.backup.format,
      compression: ctx.compression,
      encryption: ctx.encryptor?.record ?? null,
      objects,
      options: {
        schemaOnly: config.backup.schemaOnly,
        dataOnly: config.backup.dataOnly,
        tables: config.backup.tables,
        excludeTables: config.backup.excludeTables
      },
      tags: config.backup.tags,
      host: describeServer(ctx.conn)
    };
    await writeManifest(storage, manifest);
    const report = buildReport(ctx, id, startedAt, finishedAt, objects, null);
    const [reportFiles] = await Promise.all([
      writeLocalReportCopy(config, storage, report, log),
      writeBackupReport(storage, report).catch((e) => log.warn(`backup report not stored: ${e}`)),
      lock.release().catch(() => void 0)
    ]);
    log.info(`backup ${id} complete: ${objects.reduce((n, o) => n + o.storedSize, 0)} bytes stored`);
    return { manifest, report, reportFiles };
  } catch (error) {
    for (const object of objects) await storage.delete(object.key).catch(() => void 0);
    const failedAt = ctx.now();
    const code = error instanceof DbBackupError ? error.code : "UNEXPECTED";
    const report = buildReport(ctx, id, startedAt, failedAt, [], {
      code,
      message: redact(error.message)
    });
    await writeBackupReport(storage, report).catch(() => void 0);
    throw new FailedGroup(report, error);
  } finally {
    await lock.release().catch(() => void 0);
  }
}
function buildReport(ctx, backupId, startedAt, finishedAt, objects, error) {
  const storedBytes = objects.reduce((n, o) => n + o.storedSize, 0);
  const rawBytes = objects.reduce((n, o) => n + o.rawSize, 0);
  return BackupReportSchema.parse({
    schemaVersion: 1,
    backupId,
    status: error ? "failed" : "success",
    databases: ctx.group.databases,
    allDatabases: ctx.config.allDatabases,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    storedBytes,
    rawBytes,
    compressionRatio: storedBytes > 0 ? Math.round(rawBytes / storedBytes * 100) / 100 : null,
    storage: ctx.storage.location,
    toolVersion: TOOL_VERSION,
    error
  });
}
function pgDumpArgs(config, snapshot, directory) {
  const args = directory ? ["--format=directory", `--jobs=${config.backup.jobs}`, `--file=${directory}`, "--compress=0"] : ["--format=custom", "--compress=0"];
  args.push(`--snapshot=${snapshot}`, "--no-password");
  if (config.backup.schemaOnly) args.push("--schema-only");
  if (config.backup.dataOnly) args.push("--data-only");
  for (const table of config.backup.tables) args.push(`--table=${table}`);
  for (const table of config.backup.excludeTables) args.push(`--exclude-table=${table}`);
  return args;
}
async function dumpDatabase(ctx, id, database, usedKeys) {
  const extension = `${objectExtension(
    ctx.config.backup.format === "directory" ? "dump.tar" : "dump",
    ctx.compression.algorithm
  )}${ctx.encryptor ? ENCRYPTED_EXTENSION : ""}`;
  let key = databaseObjectKey(id, database, extension);
  for (let n = 2; usedKeys.has(key); n++) key = databaseObjectKey(id, `${database}_${n}`, extension);
  usedKeys.add(key);
  ctx.log.info(`dumping ${JSON.stringify(database)}`);
  ctx.onEvent?.({ type: "phase", operation: "backup", phase: `dumping ${JSON.stringify(database)}` });
  const inSession = (fn) => ctx.session ? fn(ctx.session).finally(() => void ctx.closeSession?.()) : withClient(ctx.conn, database, fn);
  return inSession(async (client) => {
    const opened = await client.query(
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL max_parallel_workers_per_gather = 0; SELECT pg_export_snapshot() AS s"
    );
    const snapshot = opened.at(-1).rows[0].s;
    const dump = ctx.config.backup.format === "directory" ? dumpDirectoryFormat(ctx, database, snapshot, key) : dumpToStorage({
      producer: {
        name: "pg_dump",
        command: pgTool(ctx.install, "pg_dump"),
        args: pgDumpArgs(ctx.config, snapshot),
        env: childEnv(ctx.conn, database)
      },
      compression: ctx.compression,
      storage: ctx.storage,
      key,
      ...ctx.encryptor ? { encrypt: ctx.encryptor.stream } : {},
      ...dumpLimits(ctx)
    });
    const counted = ctx.config.backup.schemaOnly ? Promise.resolve([]) : tableRowCounts(client);
    const [dumped, countedRows, sized] = await Promise.allSettled([dump, counted, databaseSizeOf(client)]);
    if (dumped.status === "rejected") throw dumped.reason;
    if (countedRows.status === "rejected" || sized.status === "rejected") {
      await ctx.storage.delete(key).catch(() => void 0);
    }
    if (countedRows.status === "rejected") {
      throw new DumpFailedError(
        `counting rows of ${JSON.stringify(database)} failed: ${countedRows.reason.message}`
      );
    }
    if (sized.status === "rejected") throw sized.reason;
    const [result, tables, sizeBytes] = [dumped.value, countedRows.value, sized.value];
    return {
      entry: { name: database, sizeBytes, objectKey: key, tables },
      object: {
        key,
        role: "database",
        database,
        storedSize: result.stored.size,
        storedSha256: result.stored.sha256,
        rawSize: result.raw.size,
        ...result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}
      }
    };
  });
}
async function dumpDirectoryFormat(ctx, database, snapshot, key) {
  const workDir = await mkdtemp(join4(tmpdir(), "db-backup-dump-"));
  const dumpDir = join4(workDir, "dump");
  try {
    const pgDump = await runChild(pgTool(ctx.install, "pg_dump"), pgDumpArgs(ctx.config, snapshot, dumpDir), {
      env: childEnv(ctx.conn, database),
      ...ctx.signal ? { signal: ctx.signal } : {}
    });
    ctx.signal?.throwIfAborted();
    if (!childSucceeded(pgDump)) throw new DumpFailedError(describeFailure("pg_dump", pgDump));
    return await dumpToStorage({
      producer: { name: "tar", command: "tar", args: ["-C", dumpDir, "-cf", "-", "."] },
      compression: ctx.compression,
      storage: ctx.storage,
      key,
      ...ctx.encryptor ? { encrypt: ctx.encryptor.stream } : {},
      ...dumpLimits(ctx)
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
function dumpLimits(ctx) {
  const maxMb = ctx.config.daemon.maxSizeMb;
  const onEvent = ctx.onEvent;
  return {
    ...ctx.signal ? { signal: ctx.signal } : {},
    ...onEvent ? { onBytes: (bytes) => onEvent({ type: "bytes", operation: "backup", bytes }) } : {},
    ...maxMb !== void 0 ? { maxStoredBytes: Math.round(maxMb * 1048576) } : {}
  };
}
async function databaseSizeOf(client) {
  const { rows } = await client.query(
    "SELECT pg_database_size(current_database())::text AS size"
  );
  return Number(rows[0].size);
}
async function dumpGlobals(ctx, id) {
  const key = globalsObjectKey(
    id,
    `${objectExtension("sql", ctx.compression.algorithm)}${ctx.encryptor ? ENCRYPTED_EXTENSION : ""}`
  );
  ctx.log.info("dumping roles and other globals");
  const result = await dumpToStorage({
    producer: {
      name: "pg_dumpall",
      command: pgTool(ctx.install, "pg_dumpall"),
      args: ["--globals-only", "--no-password"],
      env: childEnv(ctx.conn, "postgres")
    },
    compression: ctx.compression,
    storage: ctx.storage,
    key,
    ...ctx.encryptor ? { encrypt: ctx.encryptor.stream } : {},
    ...dumpLimits(ctx)
  });
  return {
    key,
    role: "globals",
    storedSize: result.stored.size,
    storedSha256: result.stored.sha256,
    rawSize: result.raw.size,
    ...result.raw.sha256 ? { rawSha256: result.raw.sha256 } : {}
  };
}
async function runBackup(options) {
  if (!options.actor) return runBackupUnaudited(options);
  const target = options.config.allDatabases ? "all databases" : options.config.databases.join(",") || "DATABASE_URL";
  return audited(
    options.storage,
    { actor: options.actor, operation: "backup", target },
    () => runBackupUnaudited(options),
    (outcome2) => outcome2.manifests.map((m) => m.id).join(", ")
  );
}

// src/core/status/summarize.ts
var minutesBetween = (from, now) => Math.round((now.getTime() - Date.parse(from)) / 6e4 * 10) / 10;
function toBackupRow(manifest, verification, now) {
  const storedBytes = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
  const rawBytes = manifest.objects.reduce((n, o) => n + o.rawSize, 0);
  return {
    id: manifest.id,
    databases: manifest.databases.map((d) => d.name),
    kind: manifest.kind,
    finishedAt: manifest.finishedAt,
    ageMinutes: minutesBetween(manifest.finishedAt, now),
    storedBytes,
    rawBytes,
    compressionRatio: storedBytes > 0 ? Math.round(rawBytes / storedBytes * 100) / 100 : null,
    durationMs: manifest.durationMs,
    verification: verification ? verification.ok ? "verified" : "failed" : "unverified",
    verifiedAt: verification?.verifiedAt ?? null,
    tags: manifest.tags
  };
}
function summarizeRepository(storage, manifests, now, rpoMinutes, reports = []) {
  const latestByDatabase = /* @__PURE__ */ new Map();
  for (const manifest of manifests) {
    for (const db of manifest.databases) latestByDatabase.set(db.name, manifest);
  }
  const databases = [...latestByDatabase.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([database, m]) => {
    const ageMinutes = minutesBetween(m.finishedAt, now);
    const newestRun = reports.filter((r) => r.databases.includes(database)).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).at(-1);
    const failed = newestRun?.status === "failed" && Date.parse(newestRun.startedAt) >= Date.parse(m.startedAt) ? {
      at: newestRun.startedAt,
      code: newestRun.error?.code ?? "FAILED",
      message: newestRun.error?.message ?? "the backup failed"
    } : null;
    const withinRpo = ageMinutes <= rpoMinutes;
    return {
      database,
      latestBackupId: m.id,
      latestFinishedAt: m.finishedAt,
      ageMinutes,
      rpoMinutes,
      withinRpo,
      lastFailure: failed,
      state: failed ? "failing" : withinRpo ? "ok" : "stale"
    };
  });
  const sizes = manifests.map((m) => m.objects.reduce((n, o) => n + o.storedSize, 0));
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const since = (ms) => manifests.filter((m) => now.getTime() - Date.parse(m.finishedAt) <= ms).length;
  return {
    storage,
    databases,
    totals: {
      totalBackups: manifests.length,
      totalSizeBytes: totalSize,
      oldestBackupAt: manifests[0]?.finishedAt ?? null,
      newestBackupAt: manifests.at(-1)?.finishedAt ?? null,
      averageSizeBytes: manifests.length ? Math.round(totalSize / manifests.length) : 0,
      backupsLast24Hours: since(864e5),
      backupsLast7Days: since(7 * 864e5),
      averageDurationSeconds: manifests.length ? Math.round(manifests.reduce((n, m) => n + m.durationMs, 0) / manifests.length / 100) / 10 : 0
    }
  };
}
async function repositoryStatus(storage, options) {
  const manifests = options.manifests ?? await listBackups(storage);
  const newestIds = /* @__PURE__ */ new Map();
  for (const m of manifests) for (const d of m.databases) newestIds.set(d.name, m.id);
  const after = [...newestIds.values()].sort()[0];
  const reports = await listBackupReports(storage, after ? { after: after.slice(0, 8) } : {});
  return summarizeRepository(
    storage.location,
    manifests,
    options.now ?? /* @__PURE__ */ new Date(),
    options.rpoMinutes,
    reports
  );
}

// src/core/backup/base-backup.ts
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";

// src/core/backup/tar-tap.ts
import { Transform } from "node:stream";
var BLOCK = 512;
var TarTap = class extends Transform {
  /** Captured members by name (only those asked for). */
  captured = /* @__PURE__ */ new Map();
  wanted;
  pending = Buffer.alloc(0);
  /** Bytes of the current member's data (plus padding) still to skip or capture. */
  remaining = 0;
  dataLeft = 0;
  current;
  ended = false;
  constructor(names) {
    super({ highWaterMark: 1 << 20 });
    this.wanted = new Set(names);
  }
  _transform(chunk, _enc, callback) {
    this.push(chunk);
    if (!this.ended) this.scan(chunk);
    callback();
  }
  scan(chunk) {
    let offset = 0;
    while (offset < chunk.length && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        if (this.current && this.dataLeft > 0) {
          const data = Math.min(take, this.dataLeft);
          this.current.chunks.push(chunk.subarray(offset, offset + data));
          this.dataLeft -= data;
        }
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0 && this.current) {
          this.captured.set(this.current.name, Buffer.concat(this.current.chunks));
          this.current = void 0;
        }
        continue;
      }
      const need = BLOCK - this.pending.length;
      const piece = chunk.subarray(offset, offset + need);
      this.pending = Buffer.concat([this.pending, piece]);
      offset += piece.length;
      if (this.pending.length < BLOCK) return;
      const header = this.pending;
      this.pending = Buffer.alloc(0);
      if (header.every((b) => b === 0)) {
        this.ended = true;
        return;
      }
      const size = sizeOf(header.subarray(124, 136));
      const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
      this.remaining = Math.ceil(size / BLOCK) * BLOCK;
      this.dataLeft = size;
      this.current = this.wanted.has(name) ? { name, chunks: [] } : void 0;
      if (this.current && size === 0) {
        this.captured.set(name, Buffer.alloc(0));
        this.current = void 0;
      }
    }
  }
};
function sizeOf(field) {
  if (field[0] & 128) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  return Number.parseInt(field.toString("ascii").replace(/\0.*$/s, "").trim() || "0", 8);
}

// src/core/backup/base-backup.ts
function parseBackupLabel(label) {
  const start = /^START WAL LOCATION: ([0-9A-F]+\/[0-9A-F]+)/m.exec(label);
  const timeline = /^START TIMELINE: (\d+)/m.exec(label);
  if (!start || !parseLsn(start[1]))
    throw new DumpFailedError("pg_basebackup sent a backup_label without START WAL LOCATION");
  return { startLsn: parseLsn(start[1]), timeline: timeline ? Number(timeline[1]) : 1 };
}
function stopLsnFromBackupManifest(text6) {
  const ranges = JSON.parse(text6)["WAL-Ranges"] ?? [];
  const last = ranges.at(-1);
  return last ? parseLsn(last["End-LSN"]) : void 0;
}
async function runBaseBackup(options) {
  const { config, storage } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const conn = resolveConnection(config.connection);
  const encryption = resolveEncryption(config);
  const encryptor = encryption.encryptor;
  const [server, installs, repository] = await Promise.all([
    serverInfo(conn),
    findPgBinaries({ pgBinDir: config.pgBinDir }),
    openRepository(storage, { create: true, encryption: encryptor?.record ?? null })
  ]);
  assertRepositoryEncryption(repository, encryptor, storage.location);
  await assertWalAreaMatches(storage, repository.encryption !== null);
  const install = selectClientFor(server.major, installs, config.pgBinDir);
  const pgBasebackup = await requirePgTool(install, "pg_basebackup");
  const facts = await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT system_identifier::text FROM pg_control_system()) AS sysid,
              current_setting('wal_segment_size') AS segsize, current_setting('archive_mode') AS archive`
    );
    const dbs = await client.query(
      "SELECT datname AS name, pg_database_size(oid)::text AS size FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname"
    );
    return { ...rows[0], databases: dbs.rows };
  });
  if (facts.archive === "off") {
    throw new UsageError(
      `archive_mode is off on ${describeServer(conn)}: a base backup without archived WAL cannot be restored`,
      {
        hint: "set archive_mode = on and archive_command = 'db-backup wal-push %p' first (see the README, WAL archiving), then restart the server"
      }
    );
  }
  const segmentSize = parseSegmentSize(facts.segsize);
  const compression = {
    algorithm: config.backup.compression,
    level: config.backup.compressionLevel ?? defaultLevel(config.backup.compression)
  };
  const startedAt = now();
  const id = newBackupId("base", startedAt);
  const key = baseBackupObjectKey(
    id,
    `${objectExtension("tar", compression.algorithm)}${encryptor ? ENCRYPTED_EXTENSION : ""}`
  );
  log.info(`base backup ${id} of ${describeServer(conn)} (PostgreSQL ${server.version})`);
  const tap = new TarTap(["backup_label", "backup_manifest"]);
  const stored = await dumpToStorage({
    producer: {
      name: "pg_basebackup",
      command: pgBasebackup,
      // -X none: the archive holds the WAL; pg_basebackup waits until the backup's last segment is archived.
      args: ["-D", "-", "-Ft", "-X", "none", "-c", "fast", "--no-password", "-l", `db-backup ${id}`],
      env: childEnv(conn)
    },
    compression,
    storage,
    key,
    tap,
    ...encryptor ? { encrypt: encryptor.stream } : {}
  });
  const label = tap.captured.get("backup_label");
  if (!label) {
    await storage.delete(key);
    throw new DumpFailedError("pg_basebackup produced no backup_label; the backup was discarded", {
      hint: "the data directory may use tablespaces, which a streamed single tar cannot hold"
    });
  }
  const { startLsn, timeline } = parseBackupLabel(label.toString("utf8"));
  const backupManifestText = tap.captured.get("backup_manifest");
  let backupManifest = null;
  if (backupManifestText) {
    backupManifest = {
      key: baseBackupManifestKey(id, encryptor !== void 0),
      size: backupManifestText.length,
      sha256: createHash("sha256").update(backupManifestText).digest("hex")
    };
    const body = encryptor ? await buffer(Readable.from([backupManifestText]).pipe(encryptor.stream())) : backupManifestText;
    await storage.put(backupManifest.key, body, { ifNoneExists: true });
  }
  const stopLsn = backupManifestText && stopLsnFromBackupManifest(backupManifestText.toString("utf8")) || // Before PostgreSQL 13 there is no backup_manifest: the current position is a safe (later) stop.
  parseLsn(
    await withClient(
      conn,
      "postgres",
      async (c) => (await c.query("SELECT pg_current_wal_lsn()::text AS l")).rows[0].l
    )
  );
  const base = {
    systemIdentifier: facts.sysid,
    timeline,
    startLsn: formatLsn(startLsn),
    stopLsn: formatLsn(stopLsn),
    walSegmentSize: segmentSize,
    walStart: segmentName(timeline, segnoOfLsn(startLsn, segmentSize), segmentSize),
    walStop: segmentName(timeline, segnoBeforeLsn(stopLsn, segmentSize), segmentSize),
    backupManifest
  };
  const finishedAt = now();
  const manifest = {
    formatVersion: 1,
    id,
    kind: "base",
    databases: facts.databases.map((d) => ({
      name: d.name,
      sizeBytes: Number(d.size),
      objectKey: key,
      tables: []
    })),
    allDatabases: true,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    server: { version: server.version, versionNum: server.versionNum },
    client: { pgDump: install.version, path: install.binDir },
    tool: { name: "db-backup", version: TOOL_VERSION },
    format: "tar",
    compression,
    encryption: encryptor?.record ?? null,
    objects: [
      {
        key,
        role: "base",
        storedSize: stored.stored.size,
        storedSha256: stored.stored.sha256,
        rawSize: stored.raw.size,
        ...stored.raw.sha256 ? { rawSha256: stored.raw.sha256 } : {}
      }
    ],
    options: { schemaOnly: false, dataOnly: false, tables: [], excludeTables: [] },
    tags: config.backup.tags,
    host: describeServer(conn),
    base
  };
  await writeManifest(storage, manifest);
  if (!await storage.stat(walObjectKey(base.systemIdentifier, base.walStop, encryptor !== void 0))) {
    log.warn(
      `the WAL this backup needs (${base.walStart}..${base.walStop}) is not in ${storage.location}: check that archive_command pushes into this repository`
    );
  }
  return manifest;
}
async function assertWalAreaMatches(storage, repositoryEncrypted) {
  const area = await readWalArea(storage);
  if (!area || walAreaEncryption(area) !== null === repositoryEncrypted) return;
  throw new EncryptionKeyError(
    `the WAL archived in ${storage.location} is ${repositoryEncrypted ? "plain" : "encrypted"}, and the repository is ${repositoryEncrypted ? "encrypted" : "plain"}`,
    {
      hint: "give archive_command the same encryption settings as the backups (BACKUP_ENCRYPTION_RECIPIENTS in the server\u2019s environment), or use a new repository"
    }
  );
}
function parseSegmentSize(text6) {
  const m = /^(\d+)\s*(B|kB|MB|GB)?$/.exec(text6.trim());
  if (!m) throw new DumpFailedError(`cannot read wal_segment_size ${JSON.stringify(text6)}`);
  const unit = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] ?? "B"];
  return Number(m[1]) * unit;
}

// src/core/verify/verify-backup.ts
import { mkdtemp as mkdtemp2, rm as rm2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join5 } from "node:path";
function majorOf(version) {
  const [first, second] = version.split(/[.\s]/).map(Number);
  return first !== void 0 && first < 10 ? first + (second ?? 0) / 10 : first ?? 0;
}
async function verifyObject(storage, manifest, object, pgRestore, decrypt, onBytes) {
  const listable = object.role === "database" && manifest.format === "custom" && pgRestore;
  const unpackDir = object.role === "database" && manifest.format === "directory" && pgRestore ? await mkdtemp2(join5(tmpdir2(), "db-backup-verify-")) : void 0;
  try {
    const result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: listable ? { kind: "process", name: "pg_restore", command: pgRestore, args: ["--list"] } : unpackDir ? { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", unpackDir] } : { kind: "discard" },
      ...decrypt ? { decrypt } : {},
      ...onBytes ? { onBytes } : {}
    });
    const checks = [
      {
        name: `checksum ${object.key}`,
        ok: result.stored.sha256 === object.storedSha256 && result.stored.size === object.storedSize,
        details: result.stored.sha256 === object.storedSha256 ? `sha256 ${object.storedSha256.slice(0, 16)}\u2026 matches (${object.storedSize} bytes)` : `stored sha256 ${result.stored.sha256.slice(0, 16)}\u2026 (${result.stored.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
      },
      {
        name: `decompress ${object.key}`,
        // Objects without a raw sha256 (zstd) are still checked by the codec's frame checksum while decompressing.
        ok: (object.rawSha256 === void 0 || result.raw.sha256 === object.rawSha256) && result.raw.size === object.rawSize,
        details: result.raw.size !== object.rawSize ? `decompressed to ${result.raw.size} bytes, the manifest says ${object.rawSize}` : object.rawSha256 === void 0 ? `${object.rawSize} raw bytes, frame checksums valid` : result.raw.sha256 === object.rawSha256 ? `${object.rawSize} raw bytes, sha256 matches` : `raw sha256 ${result.raw.sha256?.slice(0, 16)}\u2026 differs from the manifest`
      }
    ];
    const listed = unpackDir && result.sinkResult && childSucceeded(result.sinkResult) ? await runChild(pgRestore, ["--list", unpackDir]) : result.sinkResult;
    if (listed) {
      const ok = childSucceeded(listed) && /; Archive created at/.test(listed.stdout);
      const entries = listed.stdout.split("\n").filter((l) => /^\d+;/.test(l)).length;
      checks.push({
        name: `pg_restore --list ${object.database ?? object.key}`,
        ok,
        details: ok ? `${entries} archive entries readable` : describeFailure(unpackDir && listed === result.sinkResult ? "tar" : "pg_restore --list", listed)
      });
    }
    return checks;
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    const digest = await storedDigest(storage, object.key).catch(() => void 0);
    const checksumOk = digest?.sha256 === object.storedSha256 && digest?.size === object.storedSize;
    return [
      {
        name: `checksum ${object.key}`,
        ok: checksumOk,
        details: !digest ? "object unreadable" : checksumOk ? "sha256 matches" : `stored sha256 ${digest.sha256.slice(0, 16)}\u2026 (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
      },
      { name: `decompress ${object.key}`, ok: false, details: error.message }
    ];
  } finally {
    if (unpackDir) await rm2(unpackDir, { recursive: true, force: true });
  }
}
async function pgVerifybackupOf(binDir) {
  const { findExecutable: findExecutable2 } = await import("./find-executable-OPV6DT3W.js");
  return findExecutable2("pg_verifybackup", [binDir]);
}
async function verifyBackup(storage, manifest, options = {}) {
  const log = options.log ?? silentLogger;
  if (options.checksumOnly) return verifyStoredChecksums(storage, manifest, log);
  const decrypt = manifest.encryption ? (() => {
    try {
      return decryptStreamFor(manifest.encryption, options.keys ?? { identities: [], passphrases: [] });
    } catch (error) {
      if (error instanceof EncryptionKeyError) {
        throw new EncryptionKeyError(`${error.message}; its content cannot be verified without it`, {
          hint: `${error.hint}, or run \`db-backup verify --checksum-only\` to check the stored bytes without a key`
        });
      }
      throw error;
    }
  })() : void 0;
  const install = selectClientFor(
    majorOf(manifest.client.pgDump),
    await findPgBinaries({ pgBinDir: options.pgBinDir }),
    options.pgBinDir
  );
  const pgRestore = pgTool(install, "pg_restore");
  const checks = [];
  if (manifest.kind === "base") {
    const { verifyBaseBackup } = await import("./base-archive-TAH2UDUF.js");
    checks.push(
      ...await verifyBaseBackup(storage, manifest, await pgVerifybackupOf(install.binDir), decrypt)
    );
  }
  for (const object of manifest.kind === "base" ? [] : manifest.objects) {
    log.info(`verifying ${object.key}`);
    options.onEvent?.({ type: "phase", operation: "verify", phase: `verifying ${object.key}` });
    checks.push(
      ...await verifyObject(
        storage,
        manifest,
        object,
        pgRestore,
        decrypt,
        (bytes) => options.onEvent?.({ type: "bytes", operation: "verify", bytes, totalBytes: object.storedSize })
      )
    );
  }
  if (options.minSizeBytes) checks.push(minimumSizeCheck(manifest, options.minSizeBytes));
  const outcome2 = { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
  if (options.record !== false) {
    await writeVerification(storage, {
      backupId: manifest.id,
      verifiedAt: (options.now?.() ?? /* @__PURE__ */ new Date()).toISOString(),
      ok: outcome2.ok,
      checks,
      toolVersion: TOOL_VERSION
    });
  }
  return outcome2;
}
async function verifyStoredChecksums(storage, manifest, log) {
  const checks = [];
  for (const object of manifest.objects) {
    log.info(`checking the stored sha256 of ${object.key}`);
    const digest = await storedDigest(storage, object.key);
    const ok = digest.sha256 === object.storedSha256 && digest.size === object.storedSize;
    checks.push({
      name: `checksum ${object.key}`,
      ok,
      details: ok ? `sha256 ${object.storedSha256.slice(0, 16)}\u2026 matches (${object.storedSize} bytes)` : `stored sha256 ${digest.sha256.slice(0, 16)}\u2026 (${digest.size} bytes) != manifest ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes)`
    });
  }
  return { backupId: manifest.id, ok: checks.every((c) => c.ok), checks };
}
function minimumSizeCheck(manifest, minSizeBytes) {
  const stored = manifest.objects.reduce((n, o) => n + o.storedSize, 0);
  return {
    name: "minimum size",
    ok: stored >= minSizeBytes,
    details: `${stored} bytes stored; the minimum is ${minSizeBytes} (BACKUP_MIN_SIZE_BYTES / --min-size)`
  };
}

// src/core/restore/restore-backup.ts
import { mkdtemp as mkdtemp3, rm as rm3 } from "node:fs/promises";
import { tmpdir as tmpdir3 } from "node:os";
import { join as join8 } from "node:path";

// src/core/restore/database-properties.ts
import { writeFile as writeFile3 } from "node:fs/promises";
import { join as join6 } from "node:path";
async function propertiesSql(install, archivePath, workDir, signal) {
  const listed = await runChild(pgTool(install, "pg_restore"), ["--create", "--list", archivePath], {
    signal
  });
  const wanted = listed.stdout.split("\n").filter((line) => /^\d+;\s*\d+\s+\d+\s+(DATABASE PROPERTIES|DATABASE|COMMENT|ACL) - /.test(line)).filter((line) => !/ (COMMENT|ACL) - /.test(line) || / (COMMENT|ACL) - DATABASE /.test(line));
  if (wanted.length === 0) return "";
  const listFile = join6(workDir, "properties.list");
  await writeFile3(listFile, `${wanted.join("\n")}
`);
  const sql = await runChild(
    pgTool(install, "pg_restore"),
    ["--create", `--use-list=${listFile}`, "--file=-", archivePath],
    { signal }
  );
  return sql.stdout;
}
var escapeRegex = (text6) => text6.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function rewriteForTarget(sql, source, target) {
  const quoted = `"${source.replace(/"/g, '""')}"`;
  const forms = [quoted, .../^[a-z_][a-z0-9_$]*$/.test(source) ? [source] : []].map(escapeRegex);
  const databaseRef = new RegExp(`(DATABASE) (?:${forms.join("|")})(?=[ ;])`, "g");
  const statements = [];
  let owner;
  for (const statement of sql.split(/;\n/).map((s) => s.trim())) {
    const lines = statement.split("\n").filter((l) => !l.startsWith("\\") && !l.startsWith("--") && l.trim() !== "");
    const text6 = lines.join("\n").trim();
    if (text6 === "" || /^(SET|SELECT) /.test(text6) || /^CREATE DATABASE /.test(text6)) continue;
    const ownerMatch = /^ALTER DATABASE .+ OWNER TO (.+)$/s.exec(text6);
    if (ownerMatch) {
      owner = ownerMatch[1].trim();
      continue;
    }
    statements.push(`${text6.replace(databaseRef, `$1 ${quoteIdent(target)}`)};`);
  }
  return { ...owner ? { owner } : {}, statements };
}
async function applyDatabaseProperties(options) {
  const { install, conn, target, log } = options;
  const sql = await propertiesSql(install, options.archivePath, options.workDir, options.signal);
  const { owner, statements } = rewriteForTarget(sql, options.source, target);
  const done = [];
  if (owner && !options.skipOwner) {
    const role = owner.replace(/^"(.*)"$/s, "$1").replace(/""/g, '"');
    const exists = await withClient(conn, "postgres", async (client) => {
      const { rows } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
      return rows.length > 0;
    });
    if (exists) statements.unshift(`ALTER DATABASE ${quoteIdent(target)} OWNER TO ${owner};`);
    else
      log.warn(
        `the source database's owner ${JSON.stringify(role)} does not exist here: ${target} keeps its current owner`
      );
  }
  if (statements.length === 0) return done;
  const sqlFile = join6(options.workDir, "properties.sql");
  await writeFile3(sqlFile, `${statements.join("\n")}
`, { mode: 384 });
  const result = await runChild(
    pgTool(install, "psql"),
    ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", sqlFile],
    {
      env: childEnv(conn, target),
      ...options.signal ? { signal: options.signal } : {}
    }
  );
  const errors = result.stderr.split("\n").filter((line) => /ERROR:/.test(line));
  for (const error of errors)
    log.warn(`a database property was not restored: ${error.replace(/^.*ERROR:\s*/, "")}`);
  done.push(
    `database properties applied to ${JSON.stringify(target)}: ${statements.length - errors.length} of ${statements.length} statement(s)`
  );
  return done;
}

// src/core/restore/fetch-archive.ts
import { mkdir as mkdir3 } from "node:fs/promises";
import { join as join7 } from "node:path";
async function fetchArchive(storage, manifest, object, workDir, name, keys = { identities: [], passphrases: [] }, onBytes) {
  const decrypt = manifest.encryption ? decryptStreamFor(manifest.encryption, keys) : void 0;
  const isTar = object.role === "database" && manifest.format === "directory";
  const path = join7(workDir, isTar ? `${name}.dir` : name);
  if (isTar) await mkdir3(path, { mode: 448 });
  const checksumError = (stored) => new VerificationFailedError(
    `checksum mismatch for ${object.key}: stored bytes hash to ${stored.sha256.slice(0, 16)}\u2026 (${stored.size} bytes), the manifest says ${object.storedSha256.slice(0, 16)}\u2026 (${object.storedSize} bytes); nothing was restored`,
    {
      hint: "the stored backup is damaged: restore an older backup (`db-backup list`) and run `db-backup verify --all`"
    }
  );
  const matches = (d) => d.sha256 === object.storedSha256 && d.size === object.storedSize;
  let result;
  try {
    result = await readFromStorage({
      storage,
      key: object.key,
      compression: manifest.compression.algorithm,
      sink: isTar ? { kind: "process", name: "tar", command: "tar", args: ["-x", "-f", "-", "-C", path] } : { kind: "file", path },
      // pg_restore reads the file, not Node: the codec's checksum and the raw size guard the raw bytes.
      rawDigest: isTar,
      ...decrypt ? { decrypt } : {},
      ...onBytes ? { onBytes } : {}
    });
  } catch (error) {
    if (error instanceof EncryptionKeyError) throw error;
    const stored = await storedDigest(storage, object.key).catch(() => void 0);
    if (stored && !matches(stored)) throw checksumError(stored);
    throw error;
  }
  if (!matches(result.stored)) throw checksumError(result.stored);
  if (result.raw.size !== object.rawSize || result.raw.sha256 !== void 0 && object.rawSha256 !== void 0 && result.raw.sha256 !== object.rawSha256) {
    throw new VerificationFailedError(
      `decompressed ${object.key} does not match the manifest; nothing was restored`
    );
  }
  if (result.sinkResult && !childSucceeded(result.sinkResult)) {
    throw new VerificationFailedError(
      `cannot unpack ${object.key}: ${describeFailure("tar", result.sinkResult)}`
    );
  }
  return { path, rawBytes: result.raw.size, storedBytes: result.stored.size };
}

// src/core/restore/restore-backup.ts
var PROTECTED_DATABASES = ["postgres", "template0", "template1"];
async function resolveBackup(storage, request) {
  if (request.backupId && request.latest) throw new UsageError("give a backup id or --latest, not both");
  if (request.backupId) {
    const manifest = await readManifest(storage, request.backupId);
    if (manifest.kind === "base") {
      throw new UsageError(
        `${manifest.id} is a base (physical) backup: it restores into a data directory, not a database`,
        {
          hint: "use `db-backup restore --pitr --pgdata DIR --target immediate` (or another --target-\u2026)"
        }
      );
    }
    return manifest;
  }
  if (!request.latest)
    throw new UsageError("which backup? give a backup id or --latest", {
      hint: "`db-backup list` shows the ids"
    });
  const backups = (await listBackups(storage, request.database ? { database: request.database } : void 0)).filter((m) => m.kind === "logical");
  if (!request.database && request.unambiguous) {
    const names = [...new Set(backups.flatMap((m) => m.databases.map((d) => d.name)))].sort();
    if (names.length > 1) {
      throw new UsageError(`the repository holds backups of ${names.length} databases; which one's latest?`, {
        hint: `add --database NAME (one of ${names.map((n) => JSON.stringify(n)).join(", ")})`
      });
    }
  }
  const latest = backups.at(-1);
  if (!latest) {
    throw new BackupNotFoundError(
      `no complete backup${request.database ? ` of ${JSON.stringify(request.database)}` : ""} in ${storage.location}`,
      { hint: "run `db-backup backup` first, or check --storage" }
    );
  }
  return latest;
}
function pickDatabase(manifest, database) {
  if (database === void 0) {
    if (manifest.databases.length === 1) return manifest.databases[0];
    throw new UsageError(
      `backup ${manifest.id} holds ${manifest.databases.length} databases; choose one with --database`,
      {
        hint: `databases: ${manifest.databases.map((d) => JSON.stringify(d.name)).join(", ")}`
      }
    );
  }
  const entry = manifest.databases.find((d) => d.name === database);
  if (!entry)
    throw new BackupNotFoundError(
      `backup ${manifest.id} does not contain database ${JSON.stringify(database)}; it holds ${manifest.databases.map((d) => JSON.stringify(d.name)).join(", ")}`,
      {
        hint: `-d/--database names the database in the backup; to restore into a database named ${JSON.stringify(database)}, use --target-database ${JSON.stringify(database)}`
      }
    );
  return entry;
}
function dbnameConninfo(name) {
  return `dbname='${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
async function restoreClient(server, manifest, pgBinDir) {
  return selectClientFor(
    Math.max(server.major, majorOf(manifest.client.pgDump)),
    await findPgBinaries({ pgBinDir }),
    pgBinDir
  );
}
async function restoreBackupUnaudited(options) {
  const { storage, conn, request } = options;
  const log = options.log ?? silentLogger;
  const started = Date.now();
  const manifest = options.manifest ?? await resolveBackup(storage, { ...request, unambiguous: true });
  const entry = pickDatabase(manifest, request.database);
  const target = request.targetDatabase ?? entry.name;
  const steps = [];
  if (PROTECTED_DATABASES.includes(target) && !request.force) {
    throw new RestoreTargetError(
      `refusing to restore into ${JSON.stringify(target)}: it is a system database`,
      {
        hint: "choose another --target-database, or pass --force if you really mean it"
      }
    );
  }
  const server = await serverInfo(conn);
  const install = await restoreClient(server, manifest, options.pgBinDir);
  const object = manifest.objects.find((o) => o.key === entry.objectKey);
  if (!object)
    throw new VerificationFailedError(`manifest of ${manifest.id} has no object ${entry.objectKey}`);
  const globals = request.noGlobals ? void 0 : manifest.objects.find((o) => o.role === "globals");
  const workDir = await mkdtemp3(join8(options.workDir ?? tmpdir3(), "db-backup-restore-"));
  try {
    log.info(`fetching ${object.key}`);
    options.onEvent?.({ type: "phase", operation: "restore", phase: `fetching ${object.key}` });
    const archive = await fetchArchive(
      storage,
      manifest,
      object,
      workDir,
      "archive",
      options.keys,
      (bytes) => options.onEvent?.({ type: "bytes", operation: "restore", bytes, totalBytes: object.storedSize })
    );
    steps.push(`checksum ok: ${object.key} (${archive.storedBytes} bytes stored, ${archive.rawBytes} raw)`);
    const globalsFile = globals ? await fetchArchive(storage, manifest, globals, workDir, "globals.sql", options.keys) : void 0;
    if (globalsFile) steps.push(`checksum ok: ${globals.key}`);
    const listed = await runChild(pgTool(install, "pg_restore"), ["--list", archive.path], {
      signal: options.signal
    });
    if (!childSucceeded(listed)) {
      throw new VerificationFailedError(
        `archive of ${manifest.id} is unreadable: ${describeFailure("pg_restore --list", listed)}`
      );
    }
    steps.push(
      `archive readable: ${listed.stdout.split("\n").filter((l) => /^\d+;/.test(l)).length} entries`
    );
    const fetchMs = Date.now() - started;
    const exists = await databaseExists(conn, target);
    const empty = exists ? await isDatabaseEmpty(conn, target) : true;
    if (exists && !empty && !request.clean && !request.dropExisting) {
      throw new RestoreTargetError(
        `target database ${JSON.stringify(target)} on ${describeServer(conn)} is not empty`,
        {
          hint: "pass --clean to drop and recreate its objects, --drop-existing to recreate the database, or choose another --target-database"
        }
      );
    }
    if (!exists || request.dropExisting) await assertCanCreateDatabase(conn);
    if (request.dryRun) {
      steps.push(
        exists ? `target ${JSON.stringify(target)} exists${empty ? " and is empty" : request.dropExisting ? ": would drop and recreate it" : ": would clean its objects"}` : `target ${JSON.stringify(target)} would be created`
      );
      if (globalsFile) steps.push("roles and globals would be restored first");
      steps.push(`would run pg_restore ${install.version} with ${request.jobs ?? 1} job(s)`);
      return outcome(manifest, entry, target, true, steps, archive, started, fetchMs);
    }
    if (globalsFile) {
      await restoreGlobals(install, conn, globalsFile.path, log, options.signal);
      steps.push("roles and globals restored");
    }
    if (exists && request.dropExisting) {
      await dropDatabase(conn, target, { force: true });
      steps.push(`dropped ${JSON.stringify(target)}`);
    }
    if (!exists || request.dropExisting) {
      await createDatabase(conn, target);
      steps.push(`created ${JSON.stringify(target)}`);
    }
    log.info(`restoring ${JSON.stringify(entry.name)} into ${JSON.stringify(target)}`);
    options.onEvent?.({
      type: "phase",
      operation: "restore",
      phase: `restoring into ${JSON.stringify(target)}`
    });
    if (request.schemas?.length) {
      await createSchemasIfMissing(conn, target, request.schemas);
      steps.push(`ensured schema(s) ${request.schemas.map((s) => JSON.stringify(s)).join(", ")}`);
    }
    await runPgRestore(
      install,
      conn,
      target,
      archive.path,
      request,
      exists && !empty && !!request.clean,
      options.signal,
      options.onEvent ? (table) => options.onEvent?.({ type: "table", operation: "restore", table }) : void 0
    );
    steps.push(`restored ${JSON.stringify(entry.name)} into ${JSON.stringify(target)}`);
    if (!request.noDbSettings) {
      steps.push(
        ...await applyDatabaseProperties({
          install,
          conn,
          archivePath: archive.path,
          source: entry.name,
          target,
          log,
          workDir,
          ...request.noOwner ? { skipOwner: true } : {},
          ...options.signal ? { signal: options.signal } : {}
        })
      );
    }
    return outcome(manifest, entry, target, false, steps, archive, started, fetchMs);
  } finally {
    await rm3(workDir, { recursive: true, force: true });
  }
}
function outcome(manifest, entry, target, dryRun, steps, archive, started, fetchMs) {
  const durationMs = Date.now() - started;
  return {
    fetchMs,
    restoreMs: dryRun ? 0 : durationMs - fetchMs,
    backupId: manifest.id,
    sourceDatabase: entry.name,
    targetDatabase: target,
    dryRun,
    steps,
    rawBytes: archive.rawBytes,
    storedBytes: archive.storedBytes,
    durationMs
  };
}
async function assertCanCreateDatabase(conn) {
  const allowed = await withClient(conn, "postgres", async (client) => {
    const { rows } = await client.query(
      "SELECT (rolsuper OR rolcreatedb) AS ok FROM pg_roles WHERE rolname = current_user"
    );
    return rows[0]?.ok === true;
  });
  if (!allowed) {
    throw new RestoreTargetError(`the connecting role may not create databases on ${describeServer(conn)}`, {
      hint: "grant CREATEDB to the role, or create the target database first and restore into it"
    });
  }
}
async function createSchemasIfMissing(conn, target, schemas) {
  await withClient(conn, target, async (client) => {
    for (const schema of schemas) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
    }
  });
}
async function restoreGlobals(install, conn, file, log, signal) {
  const result = await runChild(pgTool(install, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=0", "-f", file], {
    env: childEnv(conn, "postgres"),
    signal
  });
  const errors = result.stderr.split("\n").filter((line) => /ERROR:/.test(line) && !/already exists/.test(line));
  if (result.code !== 0 || errors.length > 0) {
    throw new RestoreFailedError(
      `restoring roles and globals failed:
    ${errors.slice(0, 8).join("\n    ")}`
    );
  }
  const skipped = result.stderr.split("\n").filter((l) => /already exists/.test(l)).length;
  if (skipped > 0) log.info(`${skipped} role(s) or tablespace(s) already existed and were kept`);
}
async function runPgRestore(install, conn, target, archivePath, request, clean, signal, onTable) {
  const args = [
    `--dbname=${dbnameConninfo(target)}`,
    "--exit-on-error",
    "--no-password",
    `--jobs=${request.jobs ?? 1}`
  ];
  if (clean) args.push("--clean", "--if-exists");
  if (request.noOwner) args.push("--no-owner", "--no-acl");
  for (const schema of request.schemas ?? []) args.push(`--schema=${schema}`);
  for (const table of request.tables ?? []) args.push(`--table=${table}`);
  args.push(archivePath);
  const env = childEnv(conn, target);
  if (onTable) args.splice(args.length - 1, 0, "--verbose");
  const result = await runChild(pgTool(install, "pg_restore"), args, {
    env,
    signal,
    ...onTable ? {
      onStderrLine: (line) => {
        const m = /processing data for table "([^"]+)"|creating (?:TABLE|INDEX|MATERIALIZED VIEW) "([^"]+)"/.exec(
          line
        );
        if (m) onTable(m[1] ?? m[2]);
      }
    } : {}
  });
  if (!childSucceeded(result)) {
    throw new RestoreFailedError(
      `pg_restore into ${JSON.stringify(target)} failed: ${describeFailure("pg_restore", result)}`,
      {
        hint: "the target may be partly restored: restore again with --drop-existing once the cause is fixed"
      }
    );
  }
}
async function restoreBackup(options) {
  if (!options.actor || options.request.dryRun) return restoreBackupUnaudited(options);
  const target = `${options.request.backupId ?? `latest${options.request.database ? ` of ${options.request.database}` : ""}`} -> ${options.request.targetDatabase ?? options.request.database ?? "source name"}`;
  return audited(
    options.storage,
    { actor: options.actor, operation: "restore", target },
    () => restoreBackupUnaudited(options)
  );
}

// src/core/drill/run-drill.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { hostname as hostname2 } from "node:os";

// src/core/postgres/local-cluster.ts
import { execFileSync } from "node:child_process";
import { randomBytes as randomBytes2 } from "node:crypto";
import { chmod, chown, mkdtemp as mkdtemp4, readFile, rm as rm4, writeFile as writeFile4 } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir as tmpdir4, userInfo } from "node:os";
import { join as join9 } from "node:path";
function findFreePort() {
  return new Promise((resolve4, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(
        () => typeof address === "object" && address ? resolve4(address.port) : reject(new Error("no port"))
      );
    });
  });
}
var running = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const cluster of running) {
      try {
        const [command, ...prefix] = asPostgresArgs(join9(cluster.binDir, "pg_ctl"));
        execFileSync(command, [...prefix, "stop", "-D", cluster.dataDir, "-m", "immediate"], {
          stdio: "ignore"
        });
      } catch {
      }
    }
  });
}
function asPostgresArgs(program) {
  return isRoot() ? ["runuser", "-u", "postgres", "--", program] : [program];
}
async function runAsOwner(program, args, env = {}) {
  const [command, argv] = await asServerUser(program, args);
  return runChild(command, argv, { env });
}
async function lastLogLines(path) {
  const text6 = await readFile(path, "utf8").catch(() => "");
  return text6.trim().split("\n").slice(-30).join("\n");
}
async function startLocalCluster(options = {}) {
  const server = options.serverBinDir ? await serverBinariesIn(options.serverBinDir) : await findServerBinaries();
  const base = await mkdtemp4(join9(tmpdir4(), "db-backup-pg-"));
  const dataDir = join9(base, "data");
  const socketDir = join9(base, "sock");
  const password = options.password ?? randomBytes2(12).toString("base64url");
  registerSecret(password);
  const owner = isRoot() ? "postgres" : userInfo().username;
  try {
    if (isRoot()) {
      const { uid, gid } = await idsOf("postgres");
      await chown(base, uid, gid);
    }
    await chmod(base, 448);
    const pwfile = join9(base, "pwfile");
    await writeFile4(pwfile, `${password}
`, { mode: 384 });
    if (isRoot()) {
      const { uid, gid } = await idsOf("postgres");
      await chown(pwfile, uid, gid);
    }
    const initArgs = [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      `--pwfile=${pwfile}`,
      "-E",
      "UTF8"
    ];
    let init = await runAsOwner(join9(server.binDir, "initdb"), [...initArgs, "--locale=C.UTF-8"]);
    if (init.code !== 0) init = await runAsOwner(join9(server.binDir, "initdb"), [...initArgs, "--no-locale"]);
    await rm4(pwfile, { force: true });
    if (init.code !== 0)
      throw new DbBackupError(`initdb failed for a local cluster (as ${owner}): ${init.stderr.slice(-2e3)}`);
    await runAsOwner("/bin/mkdir", ["-m", "700", socketDir]);
  } catch (error) {
    await rm4(base, { recursive: true, force: true });
    throw error;
  }
  const port = options.port ?? await findFreePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: socketDir,
    shared_buffers: "32MB",
    max_connections: "40",
    fsync: "on",
    logging_collector: "off",
    ...options.settings
  };
  const conf = Object.entries(settings).map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`).join("\n");
  await writeConfAsOwner(join9(dataDir, "postgresql.auto.conf"), `${conf}
`);
  const logFile = join9(base, "server.log");
  let stopped = false;
  const cluster = {
    connection: { host: "127.0.0.1", port, user: "postgres", password },
    dataDir,
    socketDir,
    binDir: server.binDir,
    major: server.major,
    async start() {
      const result = await runAsOwner(join9(server.binDir, "pg_ctl"), [
        "start",
        "-D",
        dataDir,
        "-l",
        logFile,
        "-w",
        "-t",
        "60"
      ]);
      if (result.code !== 0) {
        throw new DbBackupError(
          `local PostgreSQL did not start: ${result.stderr.trim()}
${await lastLogLines(logFile)}`
        );
      }
    },
    async kill() {
      await runAsOwner(join9(server.binDir, "pg_ctl"), ["stop", "-D", dataDir, "-m", "immediate", "-w"]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(cluster);
      await runAsOwner(join9(server.binDir, "pg_ctl"), [
        "stop",
        "-D",
        dataDir,
        "-m",
        "fast",
        "-w",
        "-t",
        "30"
      ]);
      await rm4(base, { recursive: true, force: true });
    }
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm4(base, { recursive: true, force: true });
    throw error;
  }
  running.add(cluster);
  installExitHook();
  return cluster;
}
async function serverBinariesIn(binDir) {
  const result = await runChild(join9(binDir, "postgres"), ["--version"]);
  const parsed = parseVersion(result.stdout);
  if (result.code !== 0 || !parsed) {
    throw new BinaryNotFoundError(`no PostgreSQL server in ${binDir}`, {
      hint: "point serverBinDir at a directory holding initdb, pg_ctl and postgres"
    });
  }
  return { binDir, ...parsed };
}
async function writeConfAsOwner(path, content) {
  await writeFile4(path, content);
  if (isRoot()) {
    const { uid, gid } = await idsOf("postgres");
    await chown(path, uid, gid);
  }
}
async function idsOf(user) {
  const passwd = await readFile("/etc/passwd", "utf8");
  const line = passwd.split("\n").find((l) => l.startsWith(`${user}:`));
  if (!line) {
    throw new BinaryNotFoundError(`running as root, but there is no ${user} OS user to run PostgreSQL as`, {
      hint: "install the PostgreSQL server package (it creates the postgres user) or run as a normal user"
    });
  }
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

// src/core/drill/checks.ts
var tableName = (t) => `${t.schema}.${t.name}`;
function rowCountChecks(expected, actual, schemaOnly) {
  if (schemaOnly)
    return [{ name: "row counts", status: "skip", details: "schema-only backup: no rows to compare" }];
  const found = new Map(actual.map((t) => [tableName(t), t.rows]));
  return expected.map((table) => {
    const rows = found.get(tableName(table));
    const ok = rows === table.rows;
    return {
      name: `row count ${tableName(table)}`,
      status: ok ? "pass" : "fail",
      details: rows === void 0 ? `table missing after restore (expected ${table.rows} rows)` : `expected ${table.rows}, restored ${rows}`
    };
  });
}
async function runSqlChecks(conn, database, checks) {
  if (checks.length === 0) return [];
  return withClient(conn, database, async (client) => {
    const results = [];
    for (const check of checks) {
      try {
        await client.query("BEGIN READ ONLY");
        const { rows, fields } = await client.query({ text: check.sql, rowMode: "array" });
        await client.query("ROLLBACK");
        const first = rows[0]?.[0];
        const value = first === null || first === void 0 ? null : String(first);
        const problems = [];
        if (check.expect !== void 0 && value !== check.expect)
          problems.push(`expected ${JSON.stringify(check.expect)}, got ${JSON.stringify(value)}`);
        if (check.minRows !== void 0 && rows.length < check.minRows)
          problems.push(`expected at least ${check.minRows} rows, got ${rows.length}`);
        results.push({
          name: `sql: ${check.name}`,
          status: problems.length ? "fail" : "pass",
          details: problems.length ? problems.join("; ") : `${rows.length} row(s)${fields.length && value !== null ? `, first value ${JSON.stringify(value)}` : ""}`
        });
      } catch (error) {
        await client.query("ROLLBACK").catch(() => void 0);
        results.push({
          name: `sql: ${check.name}`,
          status: "fail",
          details: redact(`query failed: ${error.message}`)
        });
      }
    }
    return results;
  });
}

// src/core/drill/run-drill.ts
var minutes = (ms) => Math.round(ms / 6e4 * 1e3) / 1e3;
function durationMinutes(text6) {
  const parsed = parseDuration(text6);
  if ("error" in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 6e4;
}
function scratchDatabaseName(at) {
  return `db_backup_drill_${compactTimestamp(at).toLowerCase()}`;
}
async function openScratch(config, scratch, log) {
  if (scratch === "same") return { conn: resolveConnection(config.connection), location: "same server" };
  if (scratch === "local") {
    log.info("starting a throwaway local PostgreSQL cluster for the drill");
    const cluster = await startLocalCluster();
    return { conn: cluster.connection, location: "local throwaway cluster", cluster };
  }
  const conn = resolveConnection({ url: scratch });
  return { conn, location: `${conn.host ?? "localhost"}:${conn.port ?? 5432}` };
}
function checkedObjectCount(steps) {
  return steps.filter((step) => step.startsWith("checksum ok: ")).length;
}
async function runRestoreDrillUnaudited(options) {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? /* @__PURE__ */ new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes(request.rto ?? config.drill.rto);
  const scratchName = scratchDatabaseName(startedAt);
  const keepScratch = request.keepScratch ?? config.drill.keepScratch;
  const checks = [];
  const timings = { fetch_and_verify: 0, restore: 0, checks: 0, total: 0 };
  const measures = {
    stored_bytes: 0,
    restored_bytes: 0,
    throughput_mib_per_s: null,
    tables_checked: 0,
    rows_checked: 0
  };
  const environment = {
    server_version: null,
    backup_server_version: null,
    pg_restore_version: null,
    tool_version: TOOL_VERSION,
    node_version: process.version,
    hostname: hostname2()
  };
  let manifest;
  let database = request.database ?? null;
  let restoreMs = null;
  let error = null;
  let scratch;
  let dropped = false;
  let scratchCreated = false;
  try {
    manifest = await resolveBackup(storage, {
      backupId: request.backupId,
      latest: !request.backupId,
      database: request.database
    });
    const entry = pickDatabase(manifest, request.database);
    database = entry.name;
    environment.backup_server_version = manifest.server.version;
    scratch = await openScratch(config, request.scratch ?? config.drill.scratch, log);
    const server = await serverInfo(scratch.conn);
    environment.server_version = server.version;
    environment.pg_restore_version = (await restoreClient(server, manifest, config.pgBinDir)).version;
    const keys = resolveEncryption(config).keys;
    log.info(
      `drill: restoring ${manifest.id} (${JSON.stringify(entry.name)}) into ${scratchName} on ${scratch.location}`
    );
    try {
      scratchCreated = true;
      const restored = await restoreBackup({
        storage,
        conn: scratch.conn,
        pgBinDir: scratch.cluster?.binDir ?? config.pgBinDir,
        log,
        manifest,
        keys,
        signal: options.signal,
        ...options.onEvent ? { onEvent: options.onEvent } : {},
        request: {
          database: entry.name,
          targetDatabase: scratchName,
          jobs: restoreJobsFor(config),
          // A throwaway cluster has none of the source's roles.
          noOwner: scratch.cluster !== void 0,
          noGlobals: scratch.cluster === void 0
        }
      });
      timings.fetch_and_verify = restored.fetchMs;
      timings.restore = restored.restoreMs;
      restoreMs = restored.durationMs;
      measures.stored_bytes = restored.storedBytes;
      measures.restored_bytes = restored.rawBytes;
      measures.throughput_mib_per_s = restored.durationMs > 0 ? Math.round(restored.rawBytes / 1048576 / (restored.durationMs / 1e3) * 100) / 100 : null;
      checks.push(decryptionCheck(manifest, "pass"));
      checks.push({
        name: "stored checksum",
        status: "pass",
        details: `sha256 of ${checkedObjectCount(restored.steps)} object(s) matches the manifest`
      });
      checks.push({
        name: "restore",
        status: "pass",
        details: `pg_restore into ${scratchName} succeeded in ${(restored.restoreMs / 1e3).toFixed(1)}s`
      });
    } catch (restoreError) {
      const keyOrCipher = restoreError instanceof EncryptionKeyError || restoreError instanceof DecryptionError;
      checks.push(decryptionCheck(manifest, keyOrCipher ? "fail" : "not reached", restoreError));
      const checksumFailed = restoreError instanceof DbBackupError && restoreError.code === "VERIFICATION_FAILED";
      if (!keyOrCipher)
        checks.push({
          name: checksumFailed ? "stored checksum" : "restore",
          status: "fail",
          details: redact(restoreError.message)
        });
      throw restoreError;
    }
    const checksStarted = Date.now();
    const counts = await withClient(scratch.conn, scratchName, (client) => tableRowCounts(client));
    const rowChecks = rowCountChecks(entry.tables, counts, manifest.options.schemaOnly);
    checks.push(...rowChecks);
    measures.tables_checked = entry.tables.length;
    measures.rows_checked = entry.tables.reduce((n, t) => n + t.rows, 0);
    checks.push(...await runSqlChecks(scratch.conn, scratchName, config.drill.checks));
    if (config.daemon.minSizeBytes > 0) {
      const size = minimumSizeCheck(manifest, config.daemon.minSizeBytes);
      checks.push({ name: size.name, status: size.ok ? "pass" : "fail", details: size.details });
    }
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    const known = caught instanceof DbBackupError ? caught : void 0;
    error = {
      code: known?.code ?? "INTERNAL",
      message: redact(caught.message ?? String(caught)),
      hint: redact(known?.hint ?? InternalError.defaultHint)
    };
    log.warn(`drill failed: ${error.message}`);
  } finally {
    if (scratch && !keepScratch && (scratchCreated || scratch.cluster))
      dropped = await dropScratch(scratch, scratchName, log);
    else if (scratch?.cluster && keepScratch)
      log.warn(`--keep-scratch: the local cluster stays at ${scratch.cluster.dataDir}`);
  }
  timings.total = Date.now() - startedMs;
  const backupAge = manifest ? minutes(startedAt.getTime() - Date.parse(manifest.finishedAt)) : null;
  const restoreMinutes = restoreMs === null ? null : minutes(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === "fail");
  const rpoCompliant = backupAge !== null && backupAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes3(3).toString("hex")}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: backupAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: scratchName,
      location: scratch && scratchCreated ? scratch.location : "not opened",
      dropped
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error
  });
}
function decryptionCheck(manifest, outcome2, error) {
  if (!manifest.encryption) return { name: "decryption", status: "skip", details: "backup is not encrypted" };
  const fingerprints = manifest.encryption.recipientFingerprints ?? [
    manifest.encryption.recipientFingerprint
  ];
  if (outcome2 === "fail") {
    return { name: "decryption", status: "fail", details: redact(error.message) };
  }
  if (outcome2 === "not reached") {
    return {
      name: "decryption",
      status: "skip",
      details: "the restore failed before decryption could be judged"
    };
  }
  return {
    name: "decryption",
    status: "pass",
    details: `${manifest.objects.length} object(s) decrypted (age v1, recipient ${fingerprints.join(", ")}) with the configured keys`
  };
}
async function dropScratch(scratch, name, log) {
  try {
    if (scratch.cluster) {
      await scratch.cluster.stop();
      return true;
    }
    await dropDatabase(scratch.conn, name, { force: true });
    return true;
  } catch (error) {
    log.warn(`could not drop scratch database ${name}: ${error.message}; drop it by hand`);
    return false;
  }
}
async function runRestoreDrill(options) {
  const report = await runRestoreDrillUnaudited(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: "drill",
      target: report.database ?? report.backup_id ?? "latest",
      outcome: report.status === "success" ? "success" : "failure",
      details: `${report.drill_id}: ${report.status}${report.backup_id ? ` (backup ${report.backup_id})` : ""}`
    }).catch(() => void 0);
  }
  return report;
}

// src/core/restore/pitr-plan.ts
function parsePitrTarget(flags) {
  const given = Object.entries(flags).filter(([, v]) => v !== void 0 && v !== false);
  if (given.length !== 1) {
    throw new UsageError(`give exactly one recovery target (got ${given.length})`, {
      hint: "use one of --target-time, --target-lsn, --target-xid, --target-name or --target immediate"
    });
  }
  if (flags.time !== void 0) {
    const time = new Date(flags.time);
    if (Number.isNaN(time.getTime()) || !/\d{4}-\d{2}-\d{2}/.test(flags.time)) {
      throw new UsageError(`--target-time ${JSON.stringify(flags.time)} is not a time`, {
        hint: 'use ISO 8601 with a zone, e.g. 2026-11-22T14:05:00Z or "2026-11-22 15:05:00+01"'
      });
    }
    return { kind: "time", time };
  }
  if (flags.lsn !== void 0) {
    const lsn = parseLsn(flags.lsn);
    if (lsn === void 0)
      throw new UsageError(`--target-lsn ${JSON.stringify(flags.lsn)} is not an LSN`, {
        hint: "e.g. 0/3000060"
      });
    return { kind: "lsn", lsn };
  }
  if (flags.xid !== void 0) {
    if (!/^\d+$/.test(flags.xid))
      throw new UsageError(`--target-xid ${JSON.stringify(flags.xid)} is not a transaction id`);
    return { kind: "xid", xid: flags.xid };
  }
  if (flags.name !== void 0) {
    if (!flags.name) throw new UsageError("--target-name is empty");
    return { kind: "name", name: flags.name };
  }
  return { kind: "immediate" };
}
var isBase = (m) => m.kind === "base" && m.base !== void 0;
function chooseBaseBackup(manifests, target, head, backupId) {
  const bases = manifests.filter(isBase).sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
  if (bases.length === 0) {
    throw new PitrTargetError("the repository has no base backups", {
      hint: "take one with `db-backup base-backup`"
    });
  }
  if (!head) {
    throw new PitrTargetError("the repository has no archived WAL", {
      hint: "set archive_command = 'db-backup wal-push %p' on the server"
    });
  }
  if (target.kind === "time" && target.time.getTime() > head.storedAt.getTime()) {
    throw new PitrTargetError(
      `target time ${target.time.toISOString()} is after the newest archived WAL (${head.name}, stored ${head.storedAt.toISOString()})`,
      {
        hint: "choose an earlier time, or wait until the WAL covering it is archived (see `db-backup wal verify`)"
      }
    );
  }
  if (target.kind === "lsn" && target.lsn > head.endLsn) {
    throw new PitrTargetError(
      `target LSN ${formatLsn(target.lsn)} is after the newest archived WAL (${head.name} ends at ${formatLsn(head.endLsn)})`,
      { hint: "choose an earlier LSN, or wait until the WAL covering it is archived" }
    );
  }
  if (backupId) {
    const chosen2 = bases.find((b) => b.id === backupId);
    if (!chosen2)
      throw new PitrTargetError(`${backupId} is not a base backup in this repository`, {
        hint: "run `db-backup list`"
      });
    return chosen2;
  }
  const eligible = bases.filter(
    (b) => target.kind === "time" ? Date.parse(b.finishedAt) <= target.time.getTime() : target.kind === "lsn" ? parseLsn(b.base.stopLsn) <= target.lsn : true
  );
  const chosen = eligible.at(-1);
  if (!chosen) {
    const oldest = bases[0];
    const what = target.kind === "time" ? `time ${target.time.toISOString()}` : `LSN ${formatLsn(target.lsn)}`;
    throw new PitrTargetError(
      `target ${what} is before the oldest base backup can be restored to (${oldest.id}: consistent at ${oldest.base.stopLsn}, finished ${oldest.finishedAt})`,
      { hint: "a point in time needs a base backup that finished before it; choose a later target" }
    );
  }
  return chosen;
}
function walHeadOf(objects, segmentSize) {
  let head;
  let best = -1n;
  for (const o of objects) {
    const parsed = parseWalFileName(o.name, segmentSize);
    if (parsed?.kind !== "segment") continue;
    if (parsed.segno > best || parsed.segno === best && o.name > head.name) {
      best = parsed.segno;
      head = { name: o.name, endLsn: (parsed.segno + 1n) * BigInt(segmentSize), storedAt: o.storedAt };
    }
  }
  return head;
}
var confValue = (v) => `'${v.replace(/'/g, "''")}'`;
function recoverySettings(options) {
  const t = options.target;
  const settings = {
    restore_command: options.restoreCommand,
    // PostgreSQL's timestamptz input takes neither the ISO `T` with a zone `Z` in every version: spell it out.
    ...t.kind === "time" ? { recovery_target_time: t.time.toISOString().replace("T", " ").replace("Z", "+00") } : {},
    ...t.kind === "lsn" ? { recovery_target_lsn: formatLsn(t.lsn) } : {},
    ...t.kind === "xid" ? { recovery_target_xid: t.xid } : {},
    ...t.kind === "name" ? { recovery_target_name: t.name } : {},
    ...t.kind === "immediate" ? { recovery_target: "immediate" } : {},
    recovery_target_timeline: options.timeline,
    recovery_target_action: options.action,
    ...options.extra
  };
  return `
# point-in-time restore written by db-backup
${Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}`).join("\n")}
`;
}

// src/core/wal/wal-inventory.ts
function findWalGaps(names, from, segmentSize) {
  const start = parseWalFileName(from, segmentSize);
  if (start?.kind !== "segment") return [];
  const byTimeline = /* @__PURE__ */ new Map([[start.timeline, [start.segno - 1n]]]);
  for (const name of names) {
    const p = parseWalFileName(name, segmentSize);
    if (p?.kind !== "segment" || p.timeline < start.timeline) continue;
    byTimeline.set(p.timeline, [...byTimeline.get(p.timeline) ?? [], p.segno]);
  }
  const gaps = [];
  for (const [timeline, segnos] of [...byTimeline.entries()].sort((a, b) => a[0] - b[0])) {
    const have = new Set(segnos);
    const first = timeline === start.timeline ? start.segno : segnos.reduce((a, b) => b < a ? b : a);
    const last = segnos.reduce((a, b) => b > a ? b : a, timeline === start.timeline ? start.segno : 0n);
    for (let s = first; s <= last; s++) if (!have.has(s)) gaps.push(segmentName(timeline, s, segmentSize));
  }
  return gaps;
}

// src/core/wal/verify-archive.ts
function summarizeArchive(files, bases, segmentSize, now, systemIdentifier) {
  const segments = files.map((f) => ({ ...f, parsed: parseWalFileName(f.name, segmentSize) })).filter((f) => f.parsed?.kind === "segment").sort(
    (a, b) => a.parsed.segno === b.parsed.segno ? a.name < b.name ? -1 : 1 : a.parsed.segno < b.parsed.segno ? -1 : 1
  );
  const withBase = bases.filter((b) => b.kind === "base" && b.base);
  const oldestBase = [...withBase].sort(
    (a, b) => a.base.walStart.slice(8) < b.base.walStart.slice(8) ? -1 : 1
  )[0];
  const checkedFrom = oldestBase?.base?.walStart ?? segments[0]?.name ?? null;
  const gaps = checkedFrom ? findWalGaps(
    segments.map((s) => s.name),
    checkedFrom,
    segmentSize
  ) : [];
  const newest = segments.at(-1);
  const firstGap = gaps[0] ? parseWalFileName(gaps[0], segmentSize).segno : void 0;
  const reachable = firstGap === void 0 ? newest : segments.filter((s) => s.parsed.segno < firstGap).at(-1);
  const earliestBase = [...withBase].sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt))[0];
  const window = earliestBase && reachable && reachable.storedAt.getTime() >= Date.parse(earliestBase.finishedAt) ? { earliest: earliestBase.finishedAt, latest: reachable.storedAt.toISOString() } : null;
  return {
    systemIdentifier,
    segments: segments.length,
    checkedFrom,
    newestSegment: newest?.name ?? null,
    newestArchivedAt: newest?.storedAt.toISOString() ?? null,
    gaps,
    window,
    archiveLagSeconds: newest ? Math.max(0, Math.round((now.getTime() - newest.storedAt.getTime()) / 1e3)) : null,
    ok: gaps.length === 0 && segments.length > 0
  };
}
async function verifyWalArchive(storage, now = /* @__PURE__ */ new Date()) {
  const area = await readWalArea(storage);
  const files = area ? (await storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified })).filter((o) => o.name !== void 0) : [];
  return summarizeArchive(
    files,
    await listBackups(storage),
    area?.walSegmentSize ?? 16 * 1024 * 1024,
    now,
    area?.systemIdentifier ?? null
  );
}

// src/core/drill/run-pitr-drill.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { hostname as hostname3 } from "node:os";

// src/core/restore/pitr.ts
import { existsSync } from "node:fs";
import { appendFile, chmod as chmod2, mkdir as mkdir5, open, readdir as readdir3, readFile as readFile2, stat, writeFile as writeFile6 } from "node:fs/promises";
import { join as join11, resolve as resolve3 } from "node:path";

// src/core/restore/pitr-prefetch.ts
import { randomBytes as randomBytes4 } from "node:crypto";
import { chown as chown2, mkdir as mkdir4, readdir as readdir2, rename, rm as rm5, writeFile as writeFile5 } from "node:fs/promises";
import { join as join10 } from "node:path";
import { buffer as buffer2 } from "node:stream/consumers";
var POLL_MS = 20;
function startWalPrefetch(options) {
  const cacheDir = join10(options.pgdata, PREFETCH_DIR);
  const window = Math.max(1, options.window ?? 8);
  const controller = new AbortController();
  const { signal } = controller;
  const aborted = new Promise((resolve4) => signal.addEventListener("abort", () => resolve4()));
  const sleep = () => new Promise((r) => setTimeout(r, POLL_MS));
  const cachedCount = async () => (await readdir2(cacheDir).catch(() => [])).filter((n) => !n.startsWith(".")).length;
  const fetchOne = async (name) => {
    const key = walObjectKey(options.systemIdentifier, name, options.encrypted);
    const raw = await unsealWal(await buffer2(await options.storage.get(key)), key, options.keys);
    await Promise.race([options.writesAfter, aborted]);
    if (signal.aborted) return;
    const temp = join10(cacheDir, `.${randomBytes4(6).toString("hex")}.tmp`);
    await writeFile5(temp, raw, { mode: 384 });
    if (options.owner) await chown2(temp, options.owner.uid, options.owner.gid);
    await rename(temp, join10(cacheDir, name));
  };
  const run = async () => {
    await mkdir4(cacheDir, { recursive: true });
    let next = 0;
    const inFlight = /* @__PURE__ */ new Set();
    while (next < options.names.length && !signal.aborted) {
      if (inFlight.size >= 2 || await cachedCount() + inFlight.size >= window) {
        await (inFlight.size >= 2 ? Promise.race(inFlight) : sleep());
        continue;
      }
      const name = options.names[next++];
      const task = fetchOne(name).catch((error) => {
        options.log.debug(`prefetch of ${name} failed (restore_command fetches it): ${String(error)}`);
      }).finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
    await Promise.allSettled(inFlight);
  };
  const running2 = run().catch((error) => {
    options.log.debug(`WAL prefetch stopped: ${String(error)}`);
  });
  const stop = async () => {
    controller.abort();
    await running2;
  };
  return {
    stop,
    async stopAndClean() {
      await stop();
      await rm5(cacheDir, { recursive: true, force: true });
    }
  };
}
function segmentsToPrefetch(archived, walStart) {
  const timeline = walStart.slice(0, 8);
  return archived.filter((n) => /^[0-9A-F]{24}$/.test(n) && n.startsWith(timeline) && n >= walStart).sort();
}

// src/core/restore/pitr-restore-command.ts
import { isAbsolute } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function buildRestoreCommand(options) {
  const cached = `${PREFETCH_DIR}/%f`;
  const walFetch = [
    "exec",
    shellQuote(options.walCommand.node),
    shellQuote(options.walCommand.script),
    "wal-fetch %f %p --config",
    shellQuote(options.configPath),
    // The location is pinned too: flags beat the environment, whose BACKUP_STORAGE may name another repository.
    "--storage",
    shellQuote(options.storage)
  ].join(" ");
  let local = "";
  if (options.localWalDir) {
    local = `f=%f; t=\${f%%"\${f#????????}"}; a=${shellQuote(options.localWalDir)}; o="$a/$t/$f.zst"; if test -r "$a" && test -x "$a" && { test ! -e "$a/$t" || { test -d "$a/$t" && test -r "$a/$t" && test -x "$a/$t" && test ! -e "$o" && test ! -e "$o.age"; }; }; then exit 1; fi; `;
    if (options.zstd)
      local += `if test -f "$o" && test -r "$o"; then ${shellQuote(options.zstd)} -q -d -f "$o" -o %p || exit 3; exit 0; fi; `;
  }
  return `test -f ${cached} && mv -f ${cached} %p || { ${local}${walFetch}; }`;
}
function localRepositoryRoot2(location) {
  if (location.startsWith("file:///")) {
    try {
      return fileURLToPath2(location);
    } catch {
      return void 0;
    }
  }
  return isAbsolute(location) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : void 0;
}

// src/core/restore/pitr.ts
var RESTORE_CONFIG_FILE = "db-backup-restore.json";
var PITR_LOG_FILE = "db-backup-pitr.log";
function publicRepositorySettings(config) {
  const strip = (o, secrets) => Object.fromEntries(Object.entries(o).filter(([k, v]) => !secrets.includes(k) && v !== void 0));
  return {
    storage: config.storage,
    s3: strip(config.s3, ["accessKeyId", "secretAccessKey", "sessionToken"]),
    azure: strip(config.azure, ["connectionString", "key", "sasToken"])
  };
}
async function restorePitr(options) {
  const started = Date.now();
  const log = options.log ?? silentLogger;
  const pgdata = resolve3(options.pgdata);
  await assertEmptyDirectory(pgdata);
  const area = await requireWalArea(options.storage);
  const walFiles = (await options.storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => ({ name: walFileNameOfKey(o.key), storedAt: o.modified })).filter((o) => o.name !== void 0);
  const head = walHeadOf(walFiles, area.walSegmentSize);
  const manifest = chooseBaseBackup(
    await listBackups(options.storage),
    options.target,
    head,
    options.backupId
  );
  const gaps = findWalGaps(
    walFiles.map((f) => f.name),
    manifest.base.walStart,
    area.walSegmentSize
  );
  if (gaps.length > 0) {
    throw new PitrTargetError(
      `the archive misses WAL after base backup ${manifest.id}: ${gaps.slice(0, 5).join(", ")}${gaps.length > 5 ? ", \u2026" : ""}`,
      {
        hint: "recovery cannot pass a missing segment; run `db-backup wal verify`, or choose a target before the gap"
      }
    );
  }
  const decrypt = decryptorOf(manifest, options.keys);
  const install = (await findPgBinaries({ pgBinDir: options.pgBinDir })).find(
    (i) => i.major === majorOf(manifest.server.version)
  );
  if (options.start && !install) {
    throw new RestoreFailedError(
      `no PostgreSQL ${majorOf(manifest.server.version)} server programs to start the restored copy`,
      {
        hint: `install PostgreSQL ${majorOf(manifest.server.version)} or restore without --start`
      }
    );
  }
  log.info(`restoring base backup ${manifest.id} into ${pgdata}`);
  await mkdir5(join11(pgdata, PREFETCH_DIR), { recursive: true, mode: 448 });
  await chmod2(pgdata, 448);
  const root = isRoot();
  const encryptedWal = walAreaEncryption(area) !== null;
  if (root) await runChild("chown", ["-R", "postgres:postgres", pgdata]);
  const owner = root ? await ownerOf(join11(pgdata, PREFETCH_DIR)) : void 0;
  let prefetcher;
  let recoveryStarted = () => {
  };
  const writesAfter = new Promise((resolve4) => {
    recoveryStarted = resolve4;
  });
  let promoted = false;
  try {
    await extractBaseBackup(options.storage, manifest, pgdata, decrypt);
    options.signal?.throwIfAborted();
    if (options.start) {
      prefetcher = startWalPrefetch({
        storage: options.storage,
        systemIdentifier: area.systemIdentifier,
        encrypted: encryptedWal,
        keys: options.keys ?? { identities: [], passphrases: [] },
        names: segmentsToPrefetch(
          walFiles.map((f) => f.name),
          manifest.base.walStart
        ),
        pgdata,
        ...owner ? { owner } : {},
        // Written only once the server has synced its data directory (measured: prefetched files written
        // during that fsync pass made it 130-190 ms slower).
        writesAfter,
        log
      });
    }
    await mkdir5(join11(pgdata, "pg_wal", "archive_status"), { recursive: true });
    const configPath = join11(pgdata, RESTORE_CONFIG_FILE);
    await writeFile6(configPath, `${JSON.stringify(options.repositoryConfig, null, 2)}
`, { mode: 384 });
    const storageLocation = String(options.repositoryConfig.storage);
    const localRoot = localRepositoryRoot2(storageLocation);
    const zstd = localRoot ? await findExecutable("zstd") : void 0;
    const restoreCommand = buildRestoreCommand({
      walCommand: options.walCommand,
      configPath,
      storage: storageLocation,
      ...zstd && !encryptedWal ? { zstd } : {},
      ...localRoot ? { localWalDir: join11(localRoot, walClusterPrefix(area.systemIdentifier)).replace(/\/$/, "") } : {}
    });
    await appendFile(
      join11(pgdata, "postgresql.auto.conf"),
      recoverySettings({
        restoreCommand,
        target: options.target,
        action: options.action ?? "promote",
        timeline: options.timeline ?? "latest",
        ...options.serverSettings ? { extra: options.serverSettings } : {}
      })
    );
    await writeFile6(join11(pgdata, "recovery.signal"), "");
    if (root) await runChild("chown", ["-R", "postgres:postgres", pgdata]);
    const outcome2 = {
      backupId: manifest.id,
      pgdata,
      target: describeTarget(options.target),
      durationMs: 0
    };
    if (options.start) {
      const pgCtl2 = await requirePgTool(install, "pg_ctl");
      outcome2.recovery = await startAndAwaitRecovery(
        pgCtl2,
        pgdata,
        options.action ?? "promote",
        options.timeoutMs ?? 6e5,
        options.signal,
        recoveryStarted
      );
      promoted = outcome2.recovery === "promoted";
    }
    outcome2.durationMs = Date.now() - started;
    return outcome2;
  } finally {
    recoveryStarted();
    if (prefetcher) await (promoted ? prefetcher.stopAndClean() : prefetcher.stop());
  }
}
async function ownerOf(path) {
  const info = await stat(path);
  return { uid: info.uid, gid: info.gid };
}
function decryptorOf(manifest, keys) {
  if (!manifest.encryption) return void 0;
  try {
    return decryptStreamFor(manifest.encryption, keys ?? { identities: [], passphrases: [] });
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    throw new EncryptionKeyError(`base backup ${manifest.id}: ${error.message}; nothing was restored`, {
      hint: `${error.hint}; the restored server's restore_command (wal-fetch) needs it in its environment too`
    });
  }
}
function describeTarget(target) {
  switch (target.kind) {
    case "time":
      return `time ${target.time.toISOString()}`;
    case "lsn":
      return `lsn ${(target.lsn >> 32n).toString(16).toUpperCase()}/${(target.lsn & 0xffffffffn).toString(16).toUpperCase()}`;
    case "xid":
      return `xid ${target.xid}`;
    case "name":
      return `restore point ${JSON.stringify(target.name)}`;
    case "latest":
      return "latest (every archived WAL file)";
    default:
      return "immediate (end of the base backup)";
  }
}
async function assertEmptyDirectory(dir) {
  const entries = await readdir3(dir).catch((error) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0) {
    throw new RestoreTargetError(
      `${dir} is not empty: a point-in-time restore needs an empty data directory`,
      {
        hint: "give --pgdata a new or empty directory (the restore never overwrites files)"
      }
    );
  }
}
async function pgCtl(pgCtlPath, args) {
  return runChild(...await asServerUser(pgCtlPath, args));
}
async function startAndAwaitRecovery(pgCtlPath, pgdata, action, timeoutMs, signal, onRecoveryStarted) {
  const logFile = join11(pgdata, PITR_LOG_FILE);
  const logTail = async () => (await readFile2(logFile, "utf8").catch(() => "")).trim().split("\n").slice(-15).join("\n");
  const deadline = Date.now() + timeoutMs;
  let text6 = "";
  let offset = 0;
  const readNew = async () => {
    const handle = await open(logFile, "r").catch(() => void 0);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size <= offset) return;
      const chunk = Buffer.alloc(size - offset);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, offset);
      offset += bytesRead;
      text6 += chunk.subarray(0, bytesRead).toString("utf8");
    } finally {
      await handle.close();
    }
  };
  const recoveryUnderWay = () => {
    if (onRecoveryStarted && /starting (point-in-time|archive) recovery|redo starts/.test(text6)) {
      onRecoveryStarted();
      onRecoveryStarted = void 0;
    }
  };
  let pgCtlReturned = false;
  const starting = pgCtl(pgCtlPath, [
    "start",
    "-D",
    pgdata,
    "-l",
    logFile,
    "-w",
    "-t",
    String(Math.ceil(timeoutMs / 1e3))
  ]).finally(() => {
    pgCtlReturned = true;
  });
  while (onRecoveryStarted && !pgCtlReturned) {
    await readNew();
    recoveryUnderWay();
    await new Promise((r) => setTimeout(r, 25));
  }
  const started = await starting;
  for (; ; ) {
    signal?.throwIfAborted();
    await readNew();
    recoveryUnderWay();
    if (/recovery ended before configured recovery target was reached/.test(text6)) {
      throw new PitrTargetError(
        "recovery ended before the target was reached: the archive does not hold WAL up to it",
        {
          hint: `see ${logFile}; choose an earlier target (db-backup wal verify shows the window)`
        }
      );
    }
    const running2 = await postmasterRunning(pgdata);
    if (running2 && !existsSync(join11(pgdata, "recovery.signal")) && /database system is ready to accept connections/.test(text6))
      return "promoted";
    if (action === "pause" && /pausing at the end of recovery/.test(text6)) return "paused";
    if (action === "shutdown" && !running2 && /shutdown at recovery target|database system is shut down/.test(text6))
      return "shutdown";
    if (!running2 && (started.code !== 0 || /FATAL|PANIC/.test(text6))) {
      throw new RestoreFailedError(`the restored server stopped during recovery:
${await logTail()}`, {
        hint: `see ${logFile}`
      });
    }
    if (Date.now() > deadline) {
      throw new RestoreFailedError(
        `recovery did not finish within ${Math.round(timeoutMs / 1e3)} s:
${await logTail()}`
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function postmasterRunning(pgdata) {
  const pid = Number((await readFile2(join11(pgdata, "postmaster.pid"), "utf8").catch(() => "")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

// src/core/drill/run-pitr-drill-window.ts
import { existsSync as existsSync2 } from "node:fs";
import { mkdtemp as mkdtemp5, rm as rm6, writeFile as writeFile7 } from "node:fs/promises";
import { tmpdir as tmpdir5 } from "node:os";
import { join as join12 } from "node:path";
import { buffer as buffer3 } from "node:stream/consumers";
var COMMIT_SEARCH_SEGMENTS = 8;
function lastCommitInWaldump(text6) {
  let last;
  for (const m of text6.matchAll(/COMMIT (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? UTC/g)) {
    const iso = `${m[1]}T${m[2]}${(m[3] ?? ".").padEnd(7, "0")}Z`;
    if (last === void 0 || iso > last) last = iso;
  }
  return last;
}
function randomTargetTime(window, random) {
  const span = window.latest.getTime() - window.earliest.getTime();
  if (span < 0) {
    throw new PitrTargetError(
      `no recoverable window: the newest archived commit (${window.latest.toISOString()}) is before the base backup finished (${window.earliest.toISOString()})`,
      {
        hint: "a random target needs a commit archived after a base backup; write something and archive it, or drill without --target-time"
      }
    );
  }
  return new Date(window.earliest.getTime() + Math.floor(random() * (span + 1)));
}
function objectsOfNewTimelines(before, after) {
  const timelineOf = (key) => {
    const name = walFileNameOfKey(key);
    return name ? parseWalFileName(name)?.timeline ?? 0 : 0;
  };
  const newestBefore = Math.max(0, ...before.map(timelineOf));
  const known = new Set(before);
  return after.filter((key) => !known.has(key) && timelineOf(key) > newestBefore);
}
async function lastArchivedCommit(options) {
  const waldump = join12(options.binDir, "pg_waldump");
  if (!existsSync2(waldump)) {
    throw new PitrTargetError(`pg_waldump is not in ${options.binDir}`, {
      hint: "install the PostgreSQL server programs (pg_waldump reads the archive to find its newest commit)"
    });
  }
  const newestFirst2 = options.segmentNames.map((name) => ({ name, parsed: parseWalFileName(name, options.area.walSegmentSize) })).filter((s) => s.parsed?.kind === "segment").sort(
    (a, b) => a.parsed.segno === b.parsed.segno ? b.name.localeCompare(a.name) : a.parsed.segno < b.parsed.segno ? 1 : -1
  ).slice(0, COMMIT_SEARCH_SEGMENTS);
  const dir = await mkdtemp5(join12(tmpdir5(), "db-backup-waldump-"));
  try {
    for (const { name } of newestFirst2) {
      const key = walObjectKey(options.area.systemIdentifier, name);
      await writeFile7(join12(dir, name), await unsealBuffer(await buffer3(await options.storage.get(key)), key));
      const dumped = await runChild(waldump, ["--path", dir, "--rmgr", "Transaction", name, name], {
        env: { TZ: "UTC" }
      });
      await rm6(join12(dir, name), { force: true });
      const last = lastCommitInWaldump(dumped.stdout);
      if (last) return last;
    }
    return void 0;
  } finally {
    await rm6(dir, { recursive: true, force: true });
  }
}
async function resolveDrillTarget(targetTime, window, newestCommit, random = Math.random) {
  if (targetTime === void 0) return { kind: "latest" };
  if (targetTime !== "random") return parsePitrTarget({ time: targetTime });
  if (!window) {
    throw new RestoreFailedError(
      "no recoverable window: the repository needs a base backup and the WAL after it",
      {
        hint: "run `db-backup wal verify` to see what is missing"
      }
    );
  }
  const commit = await newestCommit();
  if (!commit) {
    throw new RestoreFailedError("no commit found in the newest archived WAL segments", {
      hint: "a random target needs committed transactions in the archive after the base backup"
    });
  }
  return {
    kind: "time",
    time: randomTargetTime({ earliest: new Date(window.earliest), latest: new Date(commit) }, random)
  };
}

// src/core/drill/run-pitr-drill-checks.ts
async function readEveryTable(conn, databases) {
  const out = { checks: [], tables: 0, rows: 0 };
  for (const database of databases) {
    try {
      const counts = await withClient(conn, database, (client) => tableRowCounts(client));
      const rows = counts.reduce((n, t) => n + t.rows, 0);
      out.tables += counts.length;
      out.rows += rows;
      out.checks.push({
        name: `tables readable ${database}`,
        status: "pass",
        details: `${counts.length} table(s), ${rows} row(s) read at the recovered point`
      });
    } catch (error) {
      out.checks.push({
        name: `tables readable ${database}`,
        status: "fail",
        details: redact(`cannot read ${database}: ${error.message}`)
      });
    }
  }
  return out;
}
async function recoveryTargetCheck(target, recoveredTo, newestCommit) {
  const name = "recovery target";
  if (target.kind === "time") {
    const wanted = target.time.toISOString();
    if (recoveredTo === null)
      return { name, status: "pass", details: `no transaction replayed before ${wanted}` };
    const ok2 = Date.parse(recoveredTo) <= target.time.getTime();
    return {
      name,
      status: ok2 ? "pass" : "fail",
      details: `last replayed commit at ${recoveredTo}, ${ok2 ? "not after" : "AFTER"} the target ${wanted}`
    };
  }
  const newest = await newestCommit().catch(() => void 0);
  if (!newest) return { name, status: "skip", details: "no commit found in the newest archived segments" };
  const ok = recoveredTo === newest;
  return {
    name,
    status: ok ? "pass" : "fail",
    details: `last replayed commit at ${recoveredTo ?? "none"}; newest archived commit at ${newest}`
  };
}
function failedRestoreCheck(caught) {
  return { name: "point-in-time recovery", status: "fail", details: redact(caught.message) };
}
async function productionWalCheck(storage, before, walKeys2) {
  const added = objectsOfNewTimelines(before, await walKeys2(storage).catch(() => before));
  return added.length === 0 ? {
    name: "production WAL area untouched",
    status: "pass",
    details: "the throwaway copy ran with archive_mode=off: no new timeline was archived"
  } : {
    name: "production WAL area untouched",
    status: "fail",
    details: `the drill's copy archived ${added.length} file(s): ${added.slice(0, 3).join(", ")}`
  };
}

// src/core/drill/run-pitr-drill-cluster.ts
import { existsSync as existsSync3 } from "node:fs";
import { chown as chown3, mkdir as mkdir6, mkdtemp as mkdtemp6, readFile as readFile3, rm as rm7, writeFile as writeFile8 } from "node:fs/promises";
import { tmpdir as tmpdir6 } from "node:os";
import { join as join13 } from "node:path";
async function postgresIds() {
  if (!isRoot()) return void 0;
  const line = (await readFile3("/etc/passwd", "utf8")).split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) return void 0;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
async function createPitrScratch(port) {
  const work = await mkdtemp6(join13(tmpdir6(), "db-backup-pitr-drill-"));
  const socketDir = join13(work, "sock");
  await mkdir6(socketDir, { mode: 448 });
  await writeFile8(join13(work, "pg_hba.conf"), "local all all trust\n", { mode: 384 });
  const ids = await postgresIds();
  if (ids)
    for (const path of [work, socketDir, join13(work, "pg_hba.conf")]) await chown3(path, ids.uid, ids.gid);
  return { work, pgdata: join13(work, "data"), socketDir, port };
}
function pitrScratchSettings(scratch) {
  return {
    port: String(scratch.port),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: scratch.socketDir,
    hba_file: join13(scratch.work, "pg_hba.conf"),
    // The source's archive_command pushes into the production WAL area: the copy must never run it.
    archive_mode: "off",
    primary_conninfo: "",
    primary_slot_name: "",
    ssl: "off",
    // startAndAwaitRecovery reads the server log pg_ctl writes.
    logging_collector: "off",
    shared_buffers: "128MB"
  };
}
async function ensureServerConfigFile(pgdata) {
  const path = join13(pgdata, "postgresql.conf");
  if (existsSync3(path)) return;
  await writeFile8(
    path,
    "# written by db-backup drill --pitr: the source kept its configuration elsewhere\n",
    {
      mode: 384
    }
  );
  const ids = await postgresIds();
  if (ids) await chown3(path, ids.uid, ids.gid);
}
async function superuserConnection(scratch, candidates) {
  let lastError;
  for (const user of [...new Set(candidates)]) {
    const conn = { host: scratch.socketDir, port: scratch.port, user };
    try {
      const superuser = await withClient(
        conn,
        "template1",
        async (c) => (await c.query("SELECT rolname AS n FROM pg_roles WHERE oid = 10")).rows[0].n
      );
      return { ...conn, user: superuser };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
async function stopPitrScratch(scratch, binDir) {
  const pidFile = join13(scratch.pgdata, "postmaster.pid");
  if (!binDir || !existsSync3(pidFile)) return true;
  const pgCtl2 = join13(binDir, "pg_ctl");
  const args = ["stop", "-D", scratch.pgdata, "-m", "immediate", "-w", "-t", "60"];
  const result = await runChild(...await asServerUser(pgCtl2, args));
  return result.code === 0 || !existsSync3(pidFile);
}
async function removePitrScratch(scratch, binDir) {
  const stopped = await stopPitrScratch(scratch, binDir);
  await rm7(scratch.work, { recursive: true, force: true });
  return stopped && !existsSync3(scratch.work);
}

// src/core/drill/run-pitr-drill.ts
var minutes2 = (ms) => Math.round(ms / 6e4 * 1e3) / 1e3;
var durationMinutes2 = (text6) => {
  const parsed = parseDuration(text6);
  if ("error" in parsed) throw new DbBackupError(parsed.error);
  return parsed.ms / 6e4;
};
var walKeys = async (storage) => (await storage.list(WAL_PREFIX)).map((o) => o.key).sort();
async function runPitrDrill(options) {
  const { config, storage, request } = options;
  const log = options.log ?? silentLogger;
  const startedAt = options.now?.() ?? /* @__PURE__ */ new Date();
  const startedMs = Date.now();
  const rpoTarget = durationMinutes2(request.rpo ?? config.drill.rpo);
  const rtoTarget = durationMinutes2(request.rto ?? config.drill.rto);
  const checks = [];
  const timings = { fetch_and_verify: 0, restore: 0, checks: 0, total: 0 };
  const measures = {
    stored_bytes: 0,
    restored_bytes: 0,
    throughput_mib_per_s: null,
    tables_checked: 0,
    rows_checked: 0
  };
  const environment = {
    server_version: null,
    backup_server_version: null,
    pg_restore_version: null,
    tool_version: TOOL_VERSION,
    node_version: process.version,
    hostname: hostname3()
  };
  const pitr = {
    target: request.targetTime ?? "latest",
    target_time: null,
    base_backup_id: null,
    recovered_to: null,
    newest_wal: null,
    newest_wal_archived_at: null,
    window: null
  };
  let manifest;
  let restoreMs = null;
  let error = null;
  let scratch;
  let binDir;
  let removed = false;
  let walBefore = [];
  const stopOnAbort = () => {
    if (scratch) void stopPitrScratch(scratch, binDir).catch(() => void 0);
  };
  options.signal?.addEventListener("abort", stopOnAbort, { once: true });
  try {
    const area = await requireWalArea(storage);
    walBefore = await walKeys(storage);
    const archive = await verifyWalArchive(storage, startedAt);
    pitr.newest_wal = archive.newestSegment;
    pitr.newest_wal_archived_at = archive.newestArchivedAt;
    const segmentNames = walBefore.map(walFileNameOfKey).filter((n) => n !== void 0);
    const serverBinDir = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => String(i.major) === area.pgMajor
    )?.binDir;
    const newestCommit = async () => serverBinDir ? lastArchivedCommit({ storage, area, segmentNames, binDir: serverBinDir }) : void 0;
    const target = await resolveDrillTarget(request.targetTime, archive.window, newestCommit, options.random);
    if (target.kind === "time") pitr.target_time = target.time.toISOString();
    if (archive.window) pitr.window = archive.window;
    options.signal?.throwIfAborted();
    scratch = await createPitrScratch(await findFreePort());
    log.info(
      `drill --pitr: restoring to ${pitr.target_time ?? "the newest archived WAL"} in ${scratch.work}`
    );
    const restored = await restorePitr({
      storage,
      repositoryConfig: publicRepositorySettings(config),
      pgdata: scratch.pgdata,
      target,
      action: "promote",
      timeline: "latest",
      ...request.backupId ? { backupId: request.backupId } : {},
      walCommand: options.walCommand,
      // Opens an encrypted base backup; restore_command takes the identity from the environment.
      keys: resolveEncryption(config).keys,
      serverSettings: pitrScratchSettings(scratch),
      start: false,
      ...config.pgBinDir ? { pgBinDir: config.pgBinDir } : {},
      log,
      ...options.signal ? { signal: options.signal } : {}
    });
    manifest = await readManifest(storage, restored.backupId);
    pitr.base_backup_id = manifest.id;
    environment.backup_server_version = manifest.server.version;
    const base = manifest.objects.find((o) => o.role === "base");
    measures.stored_bytes = base?.storedSize ?? 0;
    measures.restored_bytes = base?.rawSize ?? 0;
    timings.fetch_and_verify = restored.durationMs;
    checks.push(decryptionCheck(manifest, "pass"));
    checks.push({
      name: "stored checksum",
      status: "pass",
      details: `sha256 of base backup ${manifest.id} matches its manifest; unpacked into the throwaway data directory`
    });
    const install = (await findPgBinaries({ pgBinDir: config.pgBinDir })).find(
      (i) => i.major === majorOf(manifest.server.version)
    );
    if (!install) {
      throw new RestoreFailedError(
        `no PostgreSQL ${majorOf(manifest.server.version)} server programs to run the drill's throwaway cluster`,
        { hint: `install PostgreSQL ${majorOf(manifest.server.version)} server programs on the drill host` }
      );
    }
    binDir = install.binDir;
    await ensureServerConfigFile(scratch.pgdata);
    const recoveryStarted = Date.now();
    await startAndAwaitRecovery(
      await requirePgTool(install, "pg_ctl"),
      scratch.pgdata,
      "promote",
      6e5,
      options.signal
    );
    timings.restore = Date.now() - recoveryStarted;
    restoreMs = timings.fetch_and_verify + timings.restore;
    measures.throughput_mib_per_s = restoreMs > 0 ? Math.round(measures.restored_bytes / 1048576 / (restoreMs / 1e3) * 100) / 100 : null;
    const checksStarted = Date.now();
    const conn = await superuserConnection(
      scratch,
      [config.connection.user ?? "", "postgres", process.env.PGUSER ?? ""].filter(Boolean)
    );
    const facts = await recoveredFacts(conn);
    environment.server_version = facts.version;
    pitr.recovered_to = facts.recoveredTo;
    checks.push({
      name: "point-in-time recovery",
      status: "pass",
      details: `base backup ${manifest.id} plus archived WAL replayed to ${restored.target} and promoted in ${(timings.restore / 1e3).toFixed(1)}s`
    });
    checks.push(await recoveryTargetCheck(target, facts.recoveredTo, newestCommit));
    const wanted = request.database ? [request.database] : manifest.databases.map((d) => d.name).filter((n) => !/^template[01]$/.test(n));
    const read = await readEveryTable(conn, wanted);
    checks.push(...read.checks);
    measures.tables_checked = read.tables;
    measures.rows_checked = read.rows;
    const sqlDatabase = request.database ?? config.databases[0] ?? databaseFromUrl(config.connection.url) ?? "postgres";
    checks.push(...await runSqlChecks(conn, sqlDatabase, config.drill.checks));
    timings.checks = Date.now() - checksStarted;
  } catch (caught) {
    if (restoreMs === null && manifest) checks.push(failedRestoreCheck(caught));
    error = {
      code: caught instanceof DbBackupError ? caught.code : "UNEXPECTED",
      message: redact(caught.message ?? String(caught))
    };
    log.warn(`drill --pitr failed: ${error.message}`);
  } finally {
    options.signal?.removeEventListener("abort", stopOnAbort);
    if (scratch) removed = await removePitrScratch(scratch, binDir);
  }
  if (pitr.newest_wal !== null) checks.push(await productionWalCheck(storage, walBefore, walKeys));
  timings.total = Date.now() - startedMs;
  const walAge = pitr.newest_wal_archived_at ? minutes2(startedAt.getTime() - Date.parse(pitr.newest_wal_archived_at)) : null;
  const restoreMinutes = restoreMs === null ? null : minutes2(restoreMs);
  const failed = error !== null || checks.some((c) => c.status === "fail");
  const rpoCompliant = walAge !== null && walAge <= rpoTarget;
  const rtoCompliant = restoreMinutes !== null && restoreMinutes <= rtoTarget;
  return DrillReportSchema.parse({
    schemaVersion: DRILL_REPORT_SCHEMA_VERSION,
    drill_id: `drill-${compactTimestamp(startedAt)}-${randomBytes5(3).toString("hex")}`,
    drill_timestamp: startedAt.toISOString(),
    status: drillStatus(failed, rpoCompliant, rtoCompliant),
    backup_id: manifest?.id ?? null,
    database: request.database ?? null,
    backup_finished_at: manifest?.finishedAt ?? null,
    backup_age_minutes: walAge,
    restore_duration_minutes: restoreMinutes,
    rpo_target_minutes: rpoTarget,
    rto_target_minutes: rtoTarget,
    rpo_compliant: rpoCompliant,
    rto_compliant: rtoCompliant,
    scratch: {
      database: request.database ?? "every database (throwaway cluster)",
      location: scratch ? "local throwaway cluster (point-in-time)" : "not opened",
      dropped: removed
    },
    checks,
    measures,
    timings_ms: timings,
    environment,
    error,
    pitr
  });
}
async function recoveredFacts(conn) {
  return withClient(conn, "template1", async (c) => {
    const { rows } = await c.query(
      `SELECT current_setting('server_version') AS v,
              to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`
    );
    return { version: rows[0].v, recoveredTo: rows[0].t };
  });
}
async function runPitrDrillAudited(options) {
  const report = await runPitrDrill(options);
  if (options.actor) {
    await appendAudit(options.storage, {
      actor: options.actor,
      operation: "drill",
      target: report.database ?? report.backup_id ?? "latest",
      outcome: report.status === "success" ? "success" : "failure",
      details: `${report.drill_id}: ${report.status} (point in time ${report.pitr?.target_time ?? "latest"}${report.backup_id ? `, base backup ${report.backup_id}` : ""})`
    }).catch(() => void 0);
  }
  return report;
}

// src/core/retention/policy.ts
var CALENDAR_UNITS = ["hourly", "daily", "weekly", "monthly", "yearly"];
function policyFromConfig(config) {
  const within = config.keepWithin ? parseDuration(config.keepWithin) : void 0;
  if (within && "error" in within) throw new RetentionRefusedError(within.error);
  return {
    keepLast: config.keepLast,
    keepWithinMs: within?.ms,
    keepWithinText: config.keepWithin,
    hourly: config.keepHourly,
    daily: config.keepDaily,
    weekly: config.keepWeekly,
    monthly: config.keepMonthly,
    yearly: config.keepYearly,
    requireVerified: config.requireVerified,
    timeZone: config.timeZone
  };
}
function hasRules(policy) {
  return (policy.keepLast ?? 0) > 0 || (policy.keepWithinMs ?? 0) > 0 || CALENDAR_UNITS.some((unit) => (policy[unit] ?? 0) > 0);
}
var formatters = /* @__PURE__ */ new Map();
function localParts(date, timeZone) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        hourCycle: "h23"
      });
    } catch {
      throw new RetentionRefusedError(`unknown time zone ${JSON.stringify(timeZone)}`, {
        hint: "use an IANA name such as UTC, Europe/Berlin or America/New_York"
      });
    }
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour)
  };
}
var pad = (n, width = 2) => String(n).padStart(width, "0");
function isoWeek(year, month, day) {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 864e5 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}
function calendarBucket(date, unit, timeZone) {
  const { year, month, day, hour } = localParts(date, timeZone);
  switch (unit) {
    case "hourly":
      return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}`;
    case "daily":
      return `${year}-${pad(month)}-${pad(day)}`;
    case "weekly":
      return isoWeek(year, month, day);
    case "monthly":
      return `${year}-${pad(month)}`;
    case "yearly":
      return String(year);
  }
}
function newestFirst(a, b) {
  return b.finishedAt.getTime() - a.finishedAt.getTime() || b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
function planGroup(group, policy, now, timeZone, reasons, warnings) {
  const add = (c, reason) => reasons.get(c.id).push(reason);
  const sorted = [...group].sort(newestFirst);
  for (const c of sorted) reasons.set(c.id, []);
  const future = sorted.filter((c) => c.finishedAt.getTime() > now.getTime());
  for (const c of future) {
    add(c, "keep: dated in the future (clock skew)");
    warnings.push(
      `${c.id} finished at ${c.finishedAt.toISOString()}, after now (${now.toISOString()}): check the clocks; kept`
    );
  }
  const present = sorted.filter((c) => c.finishedAt.getTime() <= now.getTime());
  const newestVerified = present.find((c) => c.verified);
  const counted = present.filter((c) => !policy.requireVerified || c.verified);
  if (policy.requireVerified) {
    for (const c of present.filter((p) => !p.verified)) {
      if (!newestVerified || c.finishedAt > newestVerified.finishedAt)
        add(c, "keep: awaiting verification (--require-verified)");
    }
  }
  const newest = present[0];
  if (newest) add(newest, "keep: newest complete backup");
  for (const [i, c] of counted.slice(0, policy.keepLast ?? 0).entries())
    add(c, `keep: last ${i + 1}/${policy.keepLast}`);
  if (policy.keepWithinMs !== void 0) {
    for (const c of counted) {
      if (now.getTime() - c.finishedAt.getTime() <= policy.keepWithinMs)
        add(c, `keep: within ${policy.keepWithinText ?? `${policy.keepWithinMs}ms`}`);
    }
  }
  for (const unit of CALENDAR_UNITS) {
    const limit = policy[unit] ?? 0;
    const taken = /* @__PURE__ */ new Set();
    for (const c of counted) {
      if (taken.size >= limit) break;
      const bucket = calendarBucket(c.finishedAt, unit, timeZone);
      if (taken.has(bucket)) continue;
      taken.add(bucket);
      add(c, `keep: ${unit} ${bucket}`);
    }
  }
  for (const c of present) {
    const r = reasons.get(c.id);
    if (r.length === 0)
      r.push(
        policy.requireVerified && !c.verified ? "remove: unverified (--require-verified)" : "remove: outside every rule"
      );
  }
}
function planRetention(candidates, policy, now, timeZone = policy.timeZone) {
  if (!hasRules(policy)) {
    throw new RetentionRefusedError(
      "no retention rule configured: a plan would keep only the newest backup of each database",
      {
        hint: "set at least one of --keep-last, --keep-within, --keep-daily/weekly/monthly/yearly (or BACKUP_KEEP_* / BACKUP_RETENTION_DAYS)"
      }
    );
  }
  const reasons = /* @__PURE__ */ new Map();
  const warnings = [];
  const groups = /* @__PURE__ */ new Map();
  for (const c of candidates) groups.set(c.group, [...groups.get(c.group) ?? [], c]);
  for (const group of [...groups.keys()].sort())
    planGroup(groups.get(group), policy, now, timeZone, reasons, warnings);
  const keep = [];
  const remove = [];
  for (const c of [...candidates].sort(newestFirst)) {
    const r = reasons.get(c.id);
    const decision = {
      id: c.id,
      group: c.group,
      kind: c.kind,
      finishedAt: c.finishedAt.toISOString(),
      reasons: r
    };
    (r.some((reason) => reason.startsWith("keep:")) ? keep : remove).push(decision);
  }
  return {
    keep,
    remove,
    reasons: Object.fromEntries(reasons),
    pinned: keep.filter((d) => d.kind === "base").map((d) => d.id),
    warnings
  };
}

// src/core/retention/wal-retention.ts
function planWalRetention(names, keptStarts, segmentSize) {
  const starts = keptStarts.map((n) => ({ name: n, segno: parseWalFileName(n, segmentSize)?.segno })).filter((s) => s.segno !== void 0).sort((a, b) => a.segno < b.segno ? -1 : a.segno > b.segno ? 1 : 0);
  const oldest = starts[0];
  if (!oldest) return { keepFrom: null, remove: [] };
  const remove = names.filter((name) => {
    const parsed = parseWalFileName(name, segmentSize);
    return parsed !== void 0 && parsed.kind !== "history" && parsed.segno < oldest.segno;
  });
  return { keepFrom: oldest.name, remove };
}

// src/core/retention/prune.ts
var ALL = "*all*";
var BASE = "*base*";
function groupOf(backup) {
  return backup.allDatabases ? ALL : [...backup.databases].sort().join(",");
}
function manifestGroup(m) {
  if (m.kind === "base") return BASE;
  return groupOf({ databases: m.databases.map((d) => d.name), allDatabases: m.allDatabases });
}
function failedGroups(manifests, reports) {
  const newestComplete = /* @__PURE__ */ new Map();
  for (const m of manifests)
    newestComplete.set(
      manifestGroup(m),
      Math.max(newestComplete.get(manifestGroup(m)) ?? 0, Date.parse(m.startedAt))
    );
  const newestReport = /* @__PURE__ */ new Map();
  for (const r of reports) newestReport.set(groupOf(r), r);
  return [...newestReport.entries()].filter(
    ([group, r]) => r.status === "failed" && Date.parse(r.startedAt) >= (newestComplete.get(group) ?? 0)
  ).map(([group]) => group);
}
function assertPrunableLocation(storage) {
  if (storage.isBucketRoot)
    throw new RetentionRefusedError(
      `refusing to prune ${storage.location}: the repository is a whole bucket or container (empty prefix), which may hold other data`,
      { hint: `put the repository under a prefix, e.g. ${storage.location}/db-backups` }
    );
}
async function planPrune(storage, config, options) {
  assertPrunableLocation(storage);
  const policy = policyFromConfig(config);
  const manifests = (await listBackups(storage)).filter(
    (m) => options.database === void 0 || m.databases.some((d) => d.name === options.database)
  );
  const groups = new Set(manifests.map(manifestGroup));
  const newestIds = [...groups].map(
    (g) => manifests.filter((m) => manifestGroup(m) === g).map((m) => m.id).sort().at(-1)
  );
  const after = newestIds.sort()[0]?.slice(0, 16);
  const reports = await listBackupReports(storage, after ? { after } : {});
  const failed = failedGroups(manifests, reports).filter((g) => groups.has(g));
  if (failed.length > 0 && !options.force) {
    throw new RetentionRefusedError(
      `the latest backup of ${failed.map((g) => JSON.stringify(g)).join(", ")} failed; refusing to prune`,
      {
        hint: "fix the backup and take a successful one first, or pass --force"
      }
    );
  }
  const verifications = await latestVerifications(storage);
  const candidates = manifests.map((m) => ({
    id: m.id,
    group: manifestGroup(m),
    kind: m.kind,
    finishedAt: new Date(m.finishedAt),
    startedAt: new Date(m.startedAt),
    verified: verifications.get(m.id)?.ok === true
  }));
  const plan = planRetention(candidates, policy, options.now);
  const graceMs = parseDuration(config.incompleteGrace).ms;
  const incomplete = options.database === void 0 ? await listIncompleteBackups(storage) : [];
  const isGarbage = (b) => options.now.getTime() - b.newestModified.getTime() > graceMs;
  const keptStarts = manifests.filter((m) => m.kind === "base" && m.base && plan.keep.some((k) => k.id === m.id)).map((m) => m.base.walStart);
  const wal = options.database === void 0 ? await planWalPrune(storage, keptStarts) : { keepFrom: null, removeKeys: [] };
  return {
    ...plan,
    wal,
    storage: storage.location,
    garbage: incomplete.filter(isGarbage).map((b) => ({ id: b.id, keys: b.keys, newestModified: b.newestModified.toISOString() })),
    incompleteKept: incomplete.filter((b) => !isGarbage(b)).map((b) => b.id),
    warnings: [
      ...plan.warnings,
      ...failed.length ? [`--force: pruning although the latest backup of ${failed.join(", ")} failed`] : []
    ]
  };
}
async function applyPruneUnaudited(storage, plan) {
  assertPrunableLocation(storage);
  const keepIds = new Set(plan.keep.map((d) => d.id));
  const deletedKeys = [];
  const removed = [];
  for (const decision of plan.remove) {
    if (keepIds.has(decision.id))
      throw new RetentionRefusedError(`plan both keeps and removes ${decision.id}`);
    deletedKeys.push(...await deleteBackup(storage, decision.id));
    removed.push(decision.id);
  }
  const garbageRemoved = [];
  for (const garbage of plan.garbage) {
    const prefix = backupPrefix(garbage.id);
    for (const key of garbage.keys) {
      if (!key.startsWith(prefix))
        throw new RetentionRefusedError(`refusing to delete ${key}: outside ${prefix}`);
      await storage.delete(key);
      deletedKeys.push(key);
    }
    garbageRemoved.push(garbage.id);
  }
  const area = (plan.wal?.removeKeys.length ?? 0) > 0 ? await readWalArea(storage) : void 0;
  for (const key of plan.wal?.removeKeys ?? []) {
    if (!area || !key.startsWith(walClusterPrefix(area.systemIdentifier)) || walFileNameOfKey(key) === void 0)
      throw new RetentionRefusedError(
        `refusing to delete ${key}: not an archived WAL file of this repository`
      );
    await storage.delete(key);
    deletedKeys.push(key);
  }
  return { removed, garbageRemoved, deletedKeys };
}
async function planWalPrune(storage, keptStarts) {
  const area = await readWalArea(storage);
  if (!area) return { keepFrom: null, removeKeys: [] };
  const keys = (await storage.list(walClusterPrefix(area.systemIdentifier))).map((o) => o.key);
  const byName = new Map(
    keys.flatMap((k) => {
      const n = walFileNameOfKey(k);
      return n ? [[n, k]] : [];
    })
  );
  const walPlan = planWalRetention([...byName.keys()], keptStarts, area.walSegmentSize);
  return { keepFrom: walPlan.keepFrom, removeKeys: walPlan.remove.map((n) => byName.get(n)) };
}
function renderPrunePlan(plan) {
  const lines = [];
  const all = [
    ...plan.keep.map((d) => ({ ...d, action: "keep" })),
    ...plan.remove.map((d) => ({ ...d, action: "remove" }))
  ].sort(
    (a, b) => a.group < b.group ? -1 : a.group > b.group ? 1 : Date.parse(b.finishedAt) - Date.parse(a.finishedAt)
  );
  for (const d of all) {
    lines.push(`${d.action.padEnd(6)}  ${d.id}  ${d.group}  ${d.finishedAt}  ${d.reasons.join(", ")}`);
  }
  if (all.length === 0) lines.push(`no complete backups in ${plan.storage}`);
  for (const g of plan.garbage)
    lines.push(
      `remove  ${g.id}  (incomplete: no manifest, last written ${g.newestModified}, ${g.keys.length} object(s))`
    );
  for (const id of plan.incompleteKept)
    lines.push(`keep    ${id}  (incomplete, inside the grace period: may still be running)`);
  if (plan.wal.removeKeys.length > 0)
    lines.push(
      `remove  ${plan.wal.removeKeys.length} archived WAL file(s) before ${plan.wal.keepFrom} (the oldest kept base backup's start)`
    );
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  lines.push(
    `${plan.keep.length} kept, ${plan.remove.length} to remove, ${plan.garbage.length} incomplete to remove`
  );
  return lines.join("\n");
}
async function applyPrune(storage, plan, actor) {
  if (!actor) return applyPruneUnaudited(storage, plan);
  return audited(
    storage,
    {
      actor,
      operation: "prune",
      target: `${plan.remove.length} backup(s), ${plan.garbage.length} incomplete`
    },
    () => applyPruneUnaudited(storage, plan),
    (r) => r.removed.length > 0 ? `removed ${r.removed.join(", ")}` : "nothing removed"
  );
}

// src/core/wal/wal-entry.ts
import { fileURLToPath as fileURLToPath3 } from "node:url";
function walEntryCommand(moduleUrl = import.meta.url) {
  const relative = moduleUrl.endsWith(".ts") ? "../../cli/wal.ts" : "../cli/wal.js";
  return { node: process.execPath, script: fileURLToPath3(new URL(relative, moduleUrl)) };
}

export {
  silentLogger,
  findPgBinaries,
  selectClientFor,
  resolveConnection,
  withClient,
  serverInfo,
  appendAudit,
  readAuditLog,
  BackupManifestSchema,
  VerificationRecordSchema,
  readManifest,
  listBackups,
  listIncompleteBackups,
  latestVerification,
  latestVerifications,
  listBackupReports,
  deleteBackup,
  runBackup,
  DrillReportSchema,
  renderDrillMarkdown,
  saveDrillReport,
  listDrillReports,
  summarizeDrills,
  toBackupRow,
  summarizeRepository,
  repositoryStatus,
  runBaseBackup,
  findFreePort,
  startLocalCluster,
  verifyBackup,
  resolveBackup,
  restoreBackup,
  runRestoreDrill,
  parsePitrTarget,
  publicRepositorySettings,
  restorePitr,
  summarizeArchive,
  verifyWalArchive,
  runPitrDrill,
  runPitrDrillAudited,
  planPrune,
  renderPrunePlan,
  applyPrune,
  walEntryCommand
};
