import { describe, expect, it } from "vitest";
import { formatQuantity } from "../../src/domain/amount.ts";

describe("amounts in the text", () => {
  it("switches to 亿元 where the seeds do and stays in 万元 where they do", () => {
    expect(formatQuantity(71100, "万元")).toBe("7.11亿元");
    expect(formatQuantity(32000, "万元")).toBe("3.2亿元");
    expect(formatQuantity(31500, "万元")).toBe("3.15亿元");
    expect(formatQuantity(23730, "万元")).toBe("23730万元");
    expect(formatQuantity(25480, "万元")).toBe("25480万元");
    expect(formatQuantity(7746, "万元")).toBe("7746万元");
    expect(formatQuantity(15149.5, "万元")).toBe("15149.5万元");
  });

  it("never converts counts", () => {
    expect(formatQuantity(10000, "户")).toBe("10000户");
    expect(formatQuantity(9223, "户")).toBe("9223户");
  });
});
