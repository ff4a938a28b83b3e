"""Discuz! X3.4 board pages, served as GBK bytes.

Modelled on realworld/forums/talkop_* (Discuz! X3.4) and discuz6_gbk_* (real GBK): a forumdisplay
thread list (``tbody#normalthread_TID``, ``a.s.xst``, ``div.pg`` with ``a.nxt``) and viewthread
pages (``#thread_subject``, ``td.t_f#postmessage_PID``, ``em#authorposton_PID``, attachment images
as ``img#aimg_N`` with a ``none.gif`` placeholder in ``src`` and the real URL in ``file`` /
``zoomfile``). Encoding to GBK is strict: a character GBK cannot hold is a bug here, not a ``?``.
"""

# ruff: noqa: E501  (markup lines follow the real pages, which do not wrap)

from __future__ import annotations

from datetime import datetime
from html import escape

from faceleak.demo import paths
from faceleak.demo.content import BBS, BBS_FID, BBS_FORUM, DemoPost
from faceleak.demo.images import DemoImage

SITE_NAME = "黑料论坛"
ENCODING = "gbk"


def _when(post_time: datetime) -> str:
    """Discuz! writes dates without leading zeros: 2026-11-5 09:02."""
    return f"{post_time.year}-{post_time.month}-{post_time.day} {post_time:%H:%M}"


def _space(author: str) -> str:
    uid = 10000 + sum(ord(c) for c in author) % 9000
    return f"home.php?mod=space&amp;uid={uid}"


def _head(base: str, title: str) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{escape(title)} - {SITE_NAME} -  Powered by Discuz!</title>
<meta name="keywords" content="{BBS_FORUM}" />
<meta name="generator" content="Discuz! X3.4" />
<meta name="author" content="Discuz! Team and Comsenz UI Team" />
<meta name="copyright" content="2001-2017 Comsenz Inc." />
<meta name="MSSmartTagsPreventParsing" content="True" />
<meta http-equiv="MSThemeCompatible" content="Yes" />
<base href="{base}{paths.BBS_ROOT}" /><link rel="stylesheet" type="text/css" href="data/cache/style_1_common.css?Kz9" /><script type="text/javascript">var STYLEID = '1', STATICURL = 'static/', IMGDIR = 'static/image/common', VERHASH = 'Kz9', charset = 'gbk', discuz_uid = '0', cookiepre = 'x7Qa_2132_', cookiedomain = '', cookiepath = '/', showusercard = '1', attackevasive = '0', disallowfloat = 'newthread|reply', creditnotice = '1|威望|,2|金钱|,3|贡献|', defaultstyle = '', SITEURL = '{base}{paths.BBS_ROOT}', JSPATH = 'static/js/', DYNAMICURL = '';</script>
<script src="static/js/common.js?Kz9" type="text/javascript"></script>
<script src="static/js/forum.js?Kz9" type="text/javascript"></script>
</head>
<body id="nv_forum" class="pg_forumdisplay" onkeydown="if(event.keyCode==27) return false;">
<div id="append_parent"></div><div id="ajaxwaitid"></div>
<div id="toptb" class="cl">
<div class="wp">
<div class="z"><a href="javascript:;" onclick="setHomepage('{base}{paths.BBS_ROOT}');">设为首页</a><a href="{base}{paths.BBS_ROOT}" onclick="addFavorite(this.href, '{SITE_NAME}');return false;">收藏本站</a></div>
<div class="y"><a href="member.php?mod=register">立即注册</a> <a href="member.php?mod=logging&amp;action=login">登录</a></div>
</div>
</div>
<div id="hd">
<div class="wp">
<div class="hdc cl"><h2><a href="./" title="{SITE_NAME}"><img src="static/image/common/logo.png" alt="{SITE_NAME}" border="0" /></a></h2></div>
<div id="nv">
<ul><li class="a" id="mn_forum" ><a href="forum.php" hidefocus="true" title="BBS"  >论坛<span>BBS</span></a></li><li id="mn_home" ><a href="home.php" hidefocus="true" title="Space"  >家园<span>Space</span></a></li></ul>
</div>
</div>
</div>
"""


_FOOT = """<div id="ft" class="wp cl">
<div id="flk" class="y">
<p><a href="forum.php?mod=misc&amp;action=showdarkroom" >小黑屋</a><span class="pipe">|</span><a href="forum.php?mobile=yes" >手机版</a><span class="pipe">|</span><strong><a href="./" target="_blank">黑料论坛</a></strong></p>
<p class="xs0">GMT+8, 2026-11-28 09:12<span id="debuginfo">, Processed in 0.041213 second(s), 18 queries.</span></p>
</div>
<div id="frt"><p>Powered by <strong><a href="http://www.discuz.net" target="_blank">Discuz!</a></strong> <em>X3.4</em></p><p class="xs0">&copy; 2001-2017 <a href="http://www.comsenz.com" target="_blank">Comsenz Inc.</a></p></div>
</div>
<script src="home.php?mod=misc&ac=sendmail&rand=1795000000" type="text/javascript"></script>
</body>
</html>
"""


def _thread_row(base: str, post: DemoPost) -> str:
    tid = post.number
    url = f"{base}{paths.bbs_thread(tid)}&amp;extra=page%3D1"
    attach = ('<img src="static/image/filetype/image_s.gif" alt="attach_img" title="图片附件" '
              'align="absmiddle" />' if post.images else "")
    last = post.replies[-1] if post.replies else None
    last_author = last.author if last else post.seller
    last_time = _when(last.posted_at if last else post.posted_at)
    return f"""<tbody id="normalthread_{tid}">
<tr>
<td class="icn">
<a href="{url}" title="有新回复 - 新窗口打开" target="_blank">
<img src="static/image/common/folder_new.gif" />
</a>
</td>
<th class="new">
<a href="javascript:;" id="content_{tid}" class="showcontent y" title="更多操作" onclick="CONTENT_TID='{tid}';CONTENT_ID='normalthread_{tid}';showMenu({{'ctrlid':this.id,'menuid':'content_menu'}})"></a>
<a href="{url}" onclick="atarget(this)" class="s xst">{escape(post.title or "")}</a>
{attach}
</th>
<td class="by">
<cite>
<a href="{base}{paths.BBS_ROOT}{_space(post.seller)}" c="1">{escape(post.seller)}</a></cite>
<em><span>{_when(post.posted_at)}</span></em>
</td>
<td class="num"><a href="{url}" class="xi2">{len(post.replies)}</a><em>{37 + tid % 500}</em></td>
<td class="by">
<cite><a href="{base}{paths.BBS_ROOT}{_space(last_author)}" c="1">{escape(last_author)}</a></cite>
<em><a href="{base}{paths.BBS_ROOT}forum.php?mod=redirect&tid={tid}&goto=lastpost#lastpost">{last_time}</a></em>
</td>
</tr>
</tbody>
"""


def _pager(base: str, page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    parts = []
    if page > 1:
        parts.append(f'<a href="{base}{paths.bbs_forum_page(page - 1)}" class="prev">&nbsp;&nbsp;</a>')
    for n in range(1, pages + 1):
        parts.append(f"<strong>{n}</strong>" if n == page
                     else f'<a href="{base}{paths.bbs_forum_page(n)}">{n}</a>')
    parts.append(f'<label><input type="text" name="custompage" class="px" size="2" title="输入页码，按回车快速跳转" value="{page}" /><span title="共 {pages} 页"> / {pages} 页</span></label>')
    if page < pages:
        parts.append(f'<a href="{base}{paths.bbs_forum_page(page + 1)}" class="nxt">下一页</a>')
    return f'<div class="pg">{"".join(parts)}</div>'


def forum_page(base: str, posts: tuple[DemoPost, ...], page: int) -> bytes | None:
    """``forum.php?mod=forumdisplay&fid=N[&page=P]``, newest thread first; None past the last page."""
    newest_first = sorted(posts, key=lambda p: p.posted_at, reverse=True)
    size = paths.BBS_PAGE_SIZE
    pages = max(1, -(-len(newest_first) // size))
    if not 1 <= page <= pages:
        return None
    shown = newest_first[(page - 1) * size: page * size]
    rows = "".join(_thread_row(base, p) for p in shown)
    pager = _pager(base, page, pages)
    html = f"""{_head(base, BBS_FORUM)}
<div id="wp" class="wp">
<div id="pt" class="bm cl">
<div class="z">
<a href="./" class="nvhm" title="首页">{SITE_NAME}</a> <em>&raquo;</em><a href="forum.php">论坛</a> <em>&rsaquo;</em> <a href="{base}{paths.bbs_forum_page()}">{BBS_FORUM}</a></div>
</div>
<div class="boardnav">
<div id="ct" class="wp cl">
<div class="mn">
<div class="bm bml pbn">
<div class="bm_h cl"><h1 class="xs2"><a href="{base}{paths.bbs_forum_page()}">{BBS_FORUM}</a> <span class="xs1 xw0 i">今日: <strong class="xi1">3</strong><span class="pipe">|</span>主题: <strong class="xi1">{len(posts)}</strong></span></h1></div>
<div class="bm_c cl pbn"><div id="forum_rules_{BBS_FID}"><div class="ptn xg2">本版禁止发布违法信息，交易请走担保。</div></div></div>
</div>
<div id="pgt" class="bm bw0 pgs cl">
<span id="fd_page_top">{pager}</span>
<a href="javascript:;" id="newspecial" onclick="showWindow('newthread', 'forum.php?mod=post&action=newthread&fid={BBS_FID}')" title="发新帖"><img src="static/image/common/pn_post.png" alt="发新帖" /></a></div>
<div id="threadlist" class="tl bm bmw">
<div class="th">
<table cellspacing="0" cellpadding="0">
<tr>
<th colspan="2"><div class="tf">全部主题</div></th>
<td class="by">作者</td>
<td class="num">回复/查看</td>
<td class="by">最后发表</td>
</tr>
</table>
</div>
<div class="bm_c">
<script type="text/javascript">var lasttime = 1795000000;var listcolspan= '5';</script>
<form method="post" autocomplete="off" name="moderate" id="moderate" action="forum.php?mod=topicadmin&amp;action=moderate&amp;fid={BBS_FID}&amp;infloat=yes&amp;nopost=yes">
<input type="hidden" name="formhash" value="5c1e8a2d" />
<table summary="forum_{BBS_FID}" cellspacing="0" cellpadding="0" id="threadlisttableid">
<tbody>
<tr>
<td class="icn"><img src="static/image/common/ann_icon.gif" alt="公告" /></td>
<th><strong class="xst">公告: <a href="forum.php?mod=announcement&amp;id=1#1" target="_blank"><b>本站交易规则（必看）</b></a></strong></th>
<td class="by"><cite><a href="{paths.BBS_ROOT}home.php?mod=space&amp;uid=1" c="1">admin</a></cite><em>2026-1-1</em></td>
<td class="num">&nbsp;</td>
<td class="by">&nbsp;</td>
</tr>
</tbody>
<tbody id="separatorline" class="emptb"><tr><td class="icn"></td><th></th><td class="by"></td><td class="num"></td><td class="by"></td></tr></tbody>
{rows}</table>
</form>
</div>
</div>
<div class="bm bw0 pgs cl">
<span id="fd_page_bottom">{pager}</span>
</div>
</div>
</div>
</div>
</div>
{_FOOT}"""
    return html.replace("\n", "\r\n").encode(ENCODING)


def _body_html(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br />\n")


def _attachment(base: str, aid: int, name: str, images: dict[str, DemoImage], when: str) -> str:
    url = f"{base}{paths.image_path(BBS, name)}"
    img = images[name]
    return f"""
<ignore_js_op>

<img id="aimg_{aid}" aid="{aid}" src="static/image/common/none.gif" zoomfile="{url}" file="{url}" class="zoom" onclick="zoom(this, this.src, 0, 0, 0)" width="{img.width}" id="aimg_{aid}" inpost="1" onmouseover="showMenu({{'ctrlid':this.id,'pos':'12'}})" />

<div class="tip tip_4 aimg_tip" id="aimg_{aid}_menu" style="position: absolute; display: none" disautofocus="true">
<div class="xs0">
<p><strong>{aid}.jpg</strong> <em class="xg1">({len(img.data) / 1024:.2f} KB, 下载次数: {aid % 40})</em></p>
<p class="xg1 y">{when} 上传</p>
</div>
<div class="tip_horn"></div>
</div>

</ignore_js_op>
"""


def _post_block(base: str, tid: int, pid: int, floor: int, author: str, when: str, body: str) -> str:
    label = "楼主" if floor == 1 else f"{floor}<sup>#</sup>"
    space = f"{base}{paths.BBS_ROOT}{_space(author)}"
    return f"""<div id="post_{pid}" ><table id="pid{pid}" class="plhin" summary="pid{pid}" cellspacing="0" cellpadding="0">
<tr>
<td class="pls" rowspan="2">
<div id="favatar{pid}" class="pls favatar">
<div class="pi">
<div class="authi"><a href="{space}" target="_blank" class="xw1">{escape(author)}</a>
</div>
</div>
<div><div class="avatar"><a href="{space}" class="avtm" target="_blank"><img src="uc_server/images/noavatar_middle.gif" /></a></div></div>
<p><em><a href="home.php?mod=spacecp&amp;ac=usergroup&amp;gid=10" target="_blank">新手上路</a></em></p>
</div>
</td>
<td class="plc">
<div class="pi">
<strong>
<a href="{base}{paths.BBS_ROOT}forum.php?mod=redirect&amp;goto=findpost&amp;ptid={tid}&amp;pid={pid}" id="postnum{pid}" onclick="setCopy(this.href, '帖子地址复制成功');return false;">
{label}</a>
</strong>
<div class="pti">
<div class="authi">
<img class="authicn vm" id="authicon{pid}" src="static/image/common/online_member.gif" />
<em id="authorposton{pid}">发表于 {when}</em>
<span class="pipe">|</span>
<a href="{base}{paths.bbs_thread(tid)}&amp;page=1&amp;authorid=1" rel="nofollow">只看该作者</a>
</div>
</div>
</div><div class="pct"><div class="pcb">
<div class="t_fsz">
<table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_{pid}">
{body}</td></tr></table>
</div>
<div id="comment_{pid}" class="cm">
</div>
</div>
</div>
</td></tr>
<tr><td class="plc plm">
<div class="po hin"><div class="pob cl"><em><a class="fastre" href="forum.php?mod=post&amp;action=reply&amp;fid={BBS_FID}&amp;tid={tid}&amp;repquote={pid}">回复</a></em></div></div>
</td></tr>
</table>
</div>
"""


def thread_page(base: str, post: DemoPost, images: dict[str, DemoImage]) -> bytes:
    """``forum.php?mod=viewthread&tid=TID``: the first post (with attachments) and its replies."""
    tid = post.number
    when = _when(post.posted_at)
    body = _body_html(post.text) + "<br />\n" + "".join(
        _attachment(base, tid * 10 + i, name, images, when) for i, name in enumerate(post.images, 1)
    )
    blocks = [_post_block(base, tid, post.pid, 1, post.seller, when, body)]
    for floor, reply in enumerate(post.replies, 2):
        blocks.append(_post_block(base, tid, reply.pid, floor, reply.author, _when(reply.posted_at),
                                  _body_html(reply.text)))
    html = f"""{_head(base, post.title or "")}
<div id="wp" class="wp">
<div id="pt" class="bm cl">
<div class="z">
<a href="./" class="nvhm" title="首页">{SITE_NAME}</a> <em>&raquo;</em><a href="forum.php">论坛</a> <em>&rsaquo;</em> <a href="{base}{paths.bbs_forum_page()}">{BBS_FORUM}</a> <em>&rsaquo;</em> <a href="{base}{paths.bbs_thread(tid)}">{escape(post.title or "")}</a>
</div>
</div>
<div id="ct" class="wp cl">
<div id="pgt" class="pgs mbm cl ">
<span class="y pgb"><a href="{base}{paths.bbs_forum_page()}">返回列表</a></span>
</div>
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0">
<tr>
<td class="pls ptn pbn">
<div class="hm ptn">
<span class="xg1">查看:</span> <span class="xi1">{37 + tid % 500}</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">{len(post.replies)}</span>
</div>
</td>
<td class="plc ptm pbn vwthd">
<h1 class="ts">
<span id="thread_subject">{escape(post.title or "")}</span>
</h1>
<span class="xg1">
<a href="{base}{paths.BBS_ROOT}thread-{tid}-1-1.html" onclick="return copyThreadUrl(this, '{SITE_NAME}')" >[复制链接]</a>
</span>
</td>
</tr>
</table>
{"".join(blocks)}<div id="postlistreply" class="pl"><div id="post_new" class="viewthread_table" style="display: none"></div></div>
</div>
<div id="f_pst" class="pl bm bmw">
<form method="post" autocomplete="off" id="fastpostform" action="forum.php?mod=post&amp;action=reply&amp;fid={BBS_FID}&amp;tid={tid}&amp;extra=page%3D1&amp;replysubmit=yes&amp;infloat=yes&amp;handlekey=fastpost">
<div class="pt hm">您需要登录后才可以回帖 <a href="member.php?mod=logging&amp;action=login" class="xi2">登录</a> | <a href="member.php?mod=register" class="xi2">立即注册</a></div>
</form>
</div>
</div>
</div>
{_FOOT}"""
    return html.replace("\n", "\r\n").encode(ENCODING)
