import type { DirectorySeed } from "./directory.ts";

// A small housing-security office to try the bot with when no contacts file is given: the office
// staff and one contact per county, a staff group and a county-contacts group.

export const demoDirectory: DirectorySeed = {
  users: [
    { name: "王主任", mobile: "13800000001", email: "wang@zjj.example.cn" },
    { name: "李科长", mobile: "13800000002", email: "li@zjj.example.cn" },
    { name: "甘州区联络员", mobile: "13900000101", email: "ganzhou@zjj.example.cn" },
    { name: "临泽县联络员", mobile: "13900000102", email: "linze@zjj.example.cn" },
    { name: "高台县联络员", mobile: "13900000103", email: "gaotai@zjj.example.cn" },
    { name: "山丹县联络员", mobile: "13900000104", email: "shandan@zjj.example.cn" },
  ],
  chats: [
    { name: "保障房月报工作群", members: ["王主任", "李科长", "甘州区联络员", "临泽县联络员", "高台县联络员", "山丹县联络员"], owner: "李科长" },
    { name: "住建局办公室", members: ["王主任", "李科长"], owner: "王主任", bot_in_chat: false },
  ],
};
