// formatLocal and isoDateIn work out the zone's offset with a cached Intl formatter instead of
// dayjs's .tz() (which builds a formatter per call): they must agree with dayjs's .tz() everywhere,
// including zones with half-hour offsets and daylight saving, at and around the switches.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import dayjs from "dayjs";
import { formatLocal, isoDateIn, offsetMinutesAt } from "../../src/domain/zoned-time.ts";

const zones = ["Asia/Shanghai", "Asia/Urumqi", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"];

describe("zoned time", () => {
  it("formats as dayjs's .tz() does, for any instant and zone", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), fc.constantFrom(...zones), (instant, zone) => {
        expect(formatLocal(instant, zone, "YYYY-MM-DD HH:mm:ss")).toBe(dayjs(instant).tz(zone).format("YYYY-MM-DD HH:mm:ss"));
        expect(isoDateIn(instant, zone)).toBe(dayjs(instant).tz(zone).format("YYYY-MM-DD"));
      }),
      { numRuns: 2000 },
    );
  });

  it("knows the offsets people read (China all year, New York across the switch)", () => {
    expect(offsetMinutesAt(new Date("2024-07-01T00:00:00Z"), "Asia/Shanghai")).toBe(480);
    expect(offsetMinutesAt(new Date("2024-03-10T06:59:59Z"), "America/New_York")).toBe(-300);
    expect(offsetMinutesAt(new Date("2024-03-10T07:00:00Z"), "America/New_York")).toBe(-240);
    expect(formatLocal(new Date("2024-11-30T16:00:00Z"), "Asia/Shanghai")).toBe("12月1日 00:00");
  });

  it("refuses a zone that does not exist", () => {
    expect(() => formatLocal(new Date(), "Asia/Nowhere")).toThrow(RangeError);
  });
});
