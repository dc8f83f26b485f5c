// The job-site page: its language (?lang=zh|en, Chinese by default) and the chat widget.
"use strict";

const LANGUAGE = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";

const WIDGET_TEXT = {
  zh: {
    title: "社保助手",
    subtitle: "医保、养老、失业、工伤、生育保险问答",
    inputTextFieldHint: "输入您的问题…",
    connectingText: "正在连接…",
  },
  en: {
    title: "Social-insurance assistant",
    subtitle: "Medical, pension, unemployment, injury, maternity",
    inputTextFieldHint: "Type your question…",
    connectingText: "Connecting…",
  },
};

function applyLanguage() {
  document.documentElement.dataset.lang = LANGUAGE;
  document.documentElement.lang = LANGUAGE === "en" ? "en" : "zh-CN";
  document.title = LANGUAGE === "en" ? "GoodJobs · jobs and social insurance" : document.title;
  const other = LANGUAGE === "en" ? "zh" : "en";
  const languageSwitch = document.getElementById("language-switch");
  languageSwitch.href = `?lang=${other}`;
  languageSwitch.textContent = other === "en" ? "English" : "中文";
  for (const input of document.querySelectorAll("[data-placeholder-zh]")) {
    input.placeholder = input.dataset[`placeholder${LANGUAGE === "en" ? "En" : "Zh"}`];
  }
  for (const button of document.querySelectorAll("[data-question-zh]")) {
    button.textContent = button.dataset[`question${LANGUAGE === "en" ? "En" : "Zh"}`];
  }
}

function mountWidget() {
  let widget = null;
  window.WebChat.default(
    {
      ...WIDGET_TEXT[LANGUAGE],
      socketUrl: window.CHAT_CONFIG.socketUrl,
      socketPath: "/socket.io/",
      // Rasa reads this as the message metadata (credentials.yml: metadata_key: customData);
      // the bot answers wordless messages such as the opening /greet in this language.
      customData: { language: LANGUAGE },
      initPayload: "/greet",
      // The conversation survives reloads and the switch of language (same session id).
      params: { storage: "local" },
      withRules: false,
      // The widget shows each paragraph of an answer as its own bubble after a "typing" pause
      // (by default up to 3 s each); answers here have several paragraphs, so keep it short.
      customMessageDelay: () => 300,
      innerRef: (ref) => {
        widget = ref;
      },
    },
    null,
  );
  // The help section's questions go to the assistant as if typed.
  for (const button of document.querySelectorAll("[data-question-zh]")) {
    button.addEventListener("click", () => {
      if (!widget) return; // not mounted yet (the page is still loading)
      // Sent before opening, so the widget counts as started and skips its /greet.
      widget.sendMessage(button.textContent, button.textContent);
      if (!document.querySelector(".rw-conversation-container")) {
        document.querySelector(".rw-launcher")?.click();
      }
    });
  }
}

// rasa-webchat 1.0.1 renders the bot's markdown with link sanitising switched off
// (`transformLinkUri: null`), so a `[text](javascript:...)` in an answer would become a live
// link. Links in the widget keep their address only for web, mail and phone schemes.
const SAFE_LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:", "tel:"]);

function isSafeLink(href) {
  try {
    return SAFE_LINK_PROTOCOLS.has(new URL(href, location.href).protocol);
  } catch {
    return false; // not a URL at all
  }
}

function defuseLinks(root) {
  for (const link of root.querySelectorAll("a[href]")) {
    if (!isSafeLink(link.getAttribute("href"))) link.removeAttribute("href");
  }
}

function guardWidgetLinks() {
  // The widget creates its root, #rasaWebchatPro, on the load event, in a listener registered
  // by mountWidget before this one.
  window.addEventListener("load", () => {
    const root = document.getElementById("rasaWebchatPro");
    defuseLinks(root);
    new MutationObserver(() => defuseLinks(root)).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["href"],
    });
  });
}

applyLanguage();
mountWidget();
guardWidgetLinks();
