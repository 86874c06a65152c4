"""The tablet pad's single page: no external resources, large touch targets, Chinese text."""

PAGE_HTML = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,user-scalable=no">
<title>服务评价</title>
<style>
 body{margin:0;font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei",sans-serif;
      background:#f4f6f9;color:#1d2733;-webkit-user-select:none;user-select:none}
 main{max-width:1100px;margin:0 auto;padding:28px}
 h1{font-size:34px;margin:8px 0 4px} .sub{font-size:22px;color:#4b5968}
 .staff{background:#fff;border-radius:14px;padding:18px 24px;margin:18px 0;font-size:24px;
        box-shadow:0 1px 4px #0002}
 .levels{display:grid;grid-template-columns:repeat(5,1fr);gap:14px}
 .levels button{font-size:26px;padding:38px 6px;border:0;border-radius:16px;color:#fff}
 .l0{background:#1e8e3e}.l1{background:#4caf50}.l2{background:#f0a500}
 .l3{background:#e8710a}.l4{background:#d93025}
 .reasons label{display:block;font-size:24px;padding:14px;margin:8px 0;background:#fff;
                border-radius:10px}
 .reasons input{transform:scale(1.8);margin-right:16px}
 textarea{width:100%;font-size:22px;min-height:90px;border-radius:10px;padding:10px;
          box-sizing:border-box}
 .primary{font-size:26px;padding:20px 40px;border:0;border-radius:12px;background:#1a73e8;
          color:#fff;margin-top:16px} .secondary{font-size:22px;padding:16px 30px;
          border-radius:12px;border:1px solid #99a;background:#fff;margin:16px 0 0 12px}
 .msg{font-size:22px;color:#d93025;min-height:30px}
 .center{text-align:center;margin-top:120px} .big{font-size:44px}
 input.code{font-size:40px;letter-spacing:12px;width:260px;text-align:center;padding:10px}
 [hidden]{display:none!important}
</style></head><body><main>
<section id="pair" hidden class="center">
  <h1>评价平板配对</h1>
  <p class="sub">请工作人员在窗口电脑上生成配对码，并在此输入</p>
  <input id="code" class="code" inputmode="numeric" maxlength="6" autocomplete="off">
  <div><button class="primary" id="pairBtn">配对</button></div>
  <p class="msg" id="pairMsg"></p>
</section>
<section id="idle" hidden class="center">
  <p class="big">欢迎办事</p><p class="sub">办理结束后，请在此对本次服务进行评价</p>
</section>
<section id="rate" hidden>
  <h1>请您对本次服务进行评价</h1>
  <p class="sub">评价匿名，工作人员看不到您的身份信息</p>
  <div class="staff" id="staff"></div>
  <div class="levels" id="levels"></div>
</section>
<section id="why" hidden>
  <h1 id="whyTitle">请告诉我们不满意的原因</h1>
  <div class="reasons" id="reasons"></div>
  <textarea id="comment" maxlength="500" placeholder="其他意见（选填）"></textarea>
  <p class="msg" id="whyMsg"></p>
  <button class="primary" id="submitWhy">提交评价</button>
  <button class="secondary" id="backWhy">返回</button>
</section>
<section id="thanks" hidden class="center"><p class="big">感谢您的评价！</p></section>
</main>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
let current = "", doc = null, chosen = null;
function show(id){for(const s of document.querySelectorAll("section")) s.hidden = s.id !== id;}
function esc(t){const d=document.createElement("div");d.textContent=t;return d.innerHTML;}
async function post(path, body){
  const r = await fetch(path,{method:"POST",headers:{"Content-Type":"application/json"},
                              body:JSON.stringify(body),credentials:"same-origin"});
  let j = {}; try { j = await r.json(); } catch (e) {}
  return [r.status, j];
}
async function send(level, reasons, comment){
  const [status, j] = await post("/api/rate",{id:current,level:level,reasons:reasons,
                                               comment:comment});
  if (status === 200) { show("thanks"); setTimeout(()=>{ if(!current) show("idle"); }, 4000);
                        current = ""; return true; }
  if (status === 401) { show("pair"); return false; }
  $("whyMsg").textContent = j.error || "提交失败，请重试"; return false;
}
function renderRate(){
  const inv = doc.invitation;
  $("staff").innerHTML = "工作人员：" + esc(inv.staff_name) + "（工号 " + esc(inv.staff_id) +
    "）<br>窗口：" + esc(inv.window) + (inv.item_name ? "<br>事项：" + esc(inv.item_name) : "");
  const box = $("levels"); box.innerHTML = "";
  doc.levels.forEach((lv, i) => {
    const b = document.createElement("button"); b.className = "l" + i; b.textContent = lv.label;
    b.onclick = () => {
      if (doc.negative.includes(lv.value)) { chosen = lv; renderWhy(); }
      else { send(lv.value, [], ""); }
    };
    box.appendChild(b);
  });
  show("rate");
}
function renderWhy(){
  $("whyTitle").textContent = "您选择了“" + chosen.label + "”，请告诉我们原因";
  $("reasons").innerHTML = doc.reasons.map((r) =>
    '<label><input type="checkbox" value="' + esc(r) + '">' + esc(r) + "</label>").join("");
  for (const box of document.querySelectorAll("#reasons input"))
    box.onchange = () => { $("whyMsg").textContent = ""; };
  $("comment").value = ""; $("whyMsg").textContent = ""; show("why");
}
$("submitWhy").onclick = () => {
  const reasons = [...document.querySelectorAll("#reasons input:checked")].map((i) => i.value);
  const comment = $("comment").value.trim();
  if (!reasons.length && !comment) { $("whyMsg").textContent = "请至少选择一项原因"; return; }
  send(chosen.value, reasons, comment);
};
$("backWhy").onclick = () => renderRate();
$("pairBtn").onclick = async () => {
  const [status, j] = await post("/api/pair", {code: $("code").value.trim()});
  if (status === 200) { $("pairMsg").textContent = ""; show("idle"); poll(); }
  else { $("pairMsg").textContent = j.error || "配对失败"; }
};
async function poll(){
  for (;;) {
    let r;
    try { r = await fetch("/api/state?since=" + encodeURIComponent(current),
                          {credentials:"same-origin"}); }
    catch (e) { await new Promise((ok) => setTimeout(ok, 2000)); continue; }
    if (r.status === 401) { show("pair"); return; }
    const j = await r.json();
    if (j.invitation && j.invitation.id !== current) { current = j.invitation.id; doc = j;
                                                       renderRate(); }
    else if (!j.invitation && current) { current = ""; show("idle"); }
  }
}
show("idle"); poll();
</script></body></html>
"""
