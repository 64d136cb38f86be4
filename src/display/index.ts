export * from "./channel";
