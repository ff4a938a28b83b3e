"""Telegram channel web preview pages (``t.me/s/<channel>``), in the current markup.

Modelled on real saved pages (realworld/telegram/ukraine_aggregator_tme_s_ClashReport_raw.html):
``tgme_widget_message_wrap`` > ``tgme_widget_message[data-post]``, the owner name, the text with
``<br/>`` and linked mentions, photos as CSS ``background-image:url('...')``, ``time[datetime]``,
and ``link rel="prev"`` / ``tme_messages_more[data-before]`` for older messages. Absolute URLs
point at the demo host, as the real ones point at t.me and its CDN.
"""

# ruff: noqa: E501  (markup lines follow the real pages, which do not wrap)

from __future__ import annotations

import base64
import re
from html import escape

from faceleak.demo import paths
from faceleak.demo.content import TG, TG_CHANNEL, TG_TITLE, DemoPost
from faceleak.demo.images import DemoImage

_MENTION = re.compile(r"@([A-Za-z][A-Za-z0-9_]{3,31})")

_TAIL_SVG = (
    '<i class="tgme_widget_message_bubble_tail">\n'
    '      <svg class="bubble_icon" width="9px" height="20px" viewBox="0 0 9 20">\n'
    '        <g fill="none">\n'
    '          <path class="background" fill="#ffffff" d="M8,1 L9,1 L9,20 L8,20 L8,18 '
    'C7.807,15.161 7.124,12.233 5.950,9.218 C5.046,6.893 3.504,4.733 1.325,2.738 L1.325,2.738 '
    'C0.917,2.365 0.89,1.732 1.263,1.325 C1.452,1.118 1.72,1 2,1 L8,1 Z"></path>\n'
    '        </g>\n      </svg>\n    </i>'
)


def message_html(text: str) -> str:
    """Telegram's rendering of a message text: escaped, ``<br/>`` for newlines, linked mentions."""
    out = escape(text, quote=False)
    out = _MENTION.sub(r'<a href="https://t.me/\1">@\1</a>', out)
    return out.replace("\n", "<br/>")


def _views(n: int) -> str:
    return f"{1 + (n * 37) % 90 / 10:.1f}K"


def _data_view(n: int) -> str:
    raw = f'{{"c":-1733118301,"p":{n},"t":1795000000,"h":"{n * 7919:018x}"}}'
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _photo(base: str, post: DemoPost, name: str, images: dict[str, DemoImage]) -> str:
    img = images[name]
    ratio = 100 * img.height / img.width
    href = f"{base}{paths.tg_permalink(post.number)}?single"
    return (
        f'<a class="tgme_widget_message_photo_wrap {5792106141801 + post.number} '
        f'{1348579801 + post.number * 31}_{460001071 + len(name)}" '
        f'href="{href}" style="width:{img.width}px;background-image:url(\'{base}'
        f'{paths.image_path(TG, name)}\')">\n'
        f'  <div class="tgme_widget_message_photo" style="padding-top:{ratio:.3f}%"></div>\n</a>'
    )


def message_widget(base: str, post: DemoPost, images: dict[str, DemoImage]) -> str:
    """One ``tgme_widget_message_wrap`` block."""
    avatar = f"{base}{paths.image_path(TG, 'channel-avatar')}"
    channel_url = f"https://t.me/{TG_CHANNEL}"
    photos = "".join(_photo(base, post, name, images) for name in post.images)
    stamp = post.posted_at.isoformat()
    return f"""<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{TG_CHANNEL}/{post.number}" data-view="{_data_view(post.number)}">
  <div class="tgme_widget_message_user"><a href="{channel_url}"><i class="tgme_widget_message_user_photo bgcolor4" data-content="K"><img src="{avatar}"></i></a></div>
  <div class="tgme_widget_message_bubble">
    {_TAIL_SVG}
    <div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="{channel_url}"><span dir="auto">{escape(TG_TITLE)}</span></a></div>
{photos}<div class="tgme_widget_message_text js-message_text" dir="auto">{message_html(post.text)}</div>
<div class="tgme_widget_message_footer compact js-message_footer">
  <div class="tgme_widget_message_info short js-message_info">
    <span class="tgme_widget_message_views">{_views(post.number)}</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="{base}{paths.tg_permalink(post.number)}"><time datetime="{stamp}" class="time">{post.posted_at:%H:%M}</time></a></span>
  </div>
</div>
  </div>
</div></div>"""


def _head(base: str, title: str, links: str) -> str:
    return f"""<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>{escape(title)}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <meta name="format-detection" content="telephone=no" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="MobileOptimized" content="176" />
    <meta name="HandheldFriendly" content="True" />
<meta property="og:title" content="{escape(TG_TITLE)}">
<meta property="og:image" content="{base}{paths.image_path(TG, 'channel-avatar')}">
<meta property="og:site_name" content="Telegram">
<meta property="og:description" content="出料 / 收料 / KYC. Escrow via admin.">
<meta property="al:android:url" content="tg://resolve?domain={TG_CHANNEL}">
<meta property="al:android:package" content="org.telegram.messenger">
<meta name="twitter:card" content="summary">
    {links}
    <script>window.matchMedia&&window.matchMedia('(prefers-color-scheme: dark)').matches&&document.documentElement&&document.documentElement.classList&&document.documentElement.classList.add('theme_dark');</script>
    <link rel="icon" type="image/svg+xml" href="//telegram.org/img/website_icon.svg?4">
    <link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">
    <link href="//telegram.org/css/widget-frame.css?75" rel="stylesheet" media="screen">
    <link href="//telegram.org/css/telegram-web.css?39" rel="stylesheet" media="screen">
    <script>TBaseUrl='/';</script>
  </head>"""


_SCRIPTS = """    <script src="//telegram.org/js/jquery.min.js"></script>
    <script src="//telegram.org/js/widget-frame.js?68"></script>
    <script src="//telegram.org/js/telegram-web.js?14"></script>
    <script>TWeb.init();
</script>
  </body>
</html>
<!-- page generated in 41.07ms -->
"""


def channel_page(base: str, all_posts: tuple[DemoPost, ...], images: dict[str, DemoImage],
                 *, before: int | None = None, after: int | None = None) -> bytes:
    """``/s/<channel>`` (newest page), ``?before=N`` (older) or ``?after=N`` (newer)."""
    ordered = sorted(all_posts, key=lambda p: p.number)
    if before is not None:
        shown = [p for p in ordered if p.number < before][-paths.TG_PAGE_SIZE:]
    elif after is not None:
        shown = [p for p in ordered if p.number > after][: paths.TG_PAGE_SIZE]
    else:
        shown = ordered[-paths.TG_PAGE_SIZE:]
    links, more = [], ""
    if shown and shown[0].number > ordered[0].number:
        first = shown[0].number
        links.append(f'<link rel="prev" href="{paths.tg_channel_page(before=first)}">')
        more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="'
                f'{paths.tg_channel_page(before=first)}" class="tme_messages_more js-messages_more" '
                f'data-before="{first}"></a></div>')
    if shown and shown[-1].number < ordered[-1].number:
        links.append(f'<link rel="next" href="/s/{TG_CHANNEL}?after={shown[-1].number}">')
    if shown:
        links.append(f'<link rel="canonical" href="/s/{TG_CHANNEL}?before={shown[-1].number + 1}">')
    messages = "".join(message_widget(base, p, images) for p in shown)
    avatar = f"{base}{paths.image_path(TG, 'channel-avatar')}"
    page = f"""{_head(base, f"{TG_TITLE} – Telegram", chr(10).join(links))}
  <body class="widget_frame_base tgme_webpreview emoji_image thin_box_shadow tme_mode no_transitions">
    <header class="tgme_header search_collapsed">
  <div class="tgme_container">
    <div class="tgme_header_search">
      <form class="tgme_header_search_form" action="/s/{TG_CHANNEL}">
        <input class="tgme_header_search_form_input js-header_search" placeholder="Search" name="q" autocomplete="off" value="" />
      </form>
    </div>
    <div class="tgme_header_right_column">
      <section class="tgme_right_column">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header">
            <i class="tgme_page_photo_image bgcolor4" data-content="K"><img src="{avatar}"></i>
            <div class="tgme_channel_info_header_title_wrap">
              <div class="tgme_channel_info_header_title"><span dir="auto">{escape(TG_TITLE)}</span></div>
            </div>
            <div class="tgme_channel_info_header_username"><a href="https://t.me/{TG_CHANNEL}">@{TG_CHANNEL}</a></div>
          </div>
          <div class="tgme_channel_info_counters"><div class="tgme_channel_info_counter"><span class="counter_value">4.2K</span> <span class="counter_type">subscribers</span></div><div class="tgme_channel_info_counter"><span class="counter_value">312</span> <span class="counter_type">photos</span></div></div>
          <div class="tgme_channel_info_description">出料 / 收料 / KYC. Escrow via admin.</div>
          <a class="tgme_channel_download_telegram" href="//telegram.org/dl?tme=demo">Download Telegram</a>
        </div>
      </section>
    </div>
    <div class="tgme_header_info">
      <a class="tgme_channel_join_telegram" href="//telegram.org/dl?tme=demo">Join</a>
      <a class="tgme_header_link" href="https://t.me/{TG_CHANNEL}">
        <div class="tgme_header_title_wrap"><div class="tgme_header_title"><span dir="auto">{escape(TG_TITLE)}</span></div></div>
        <div class="tgme_header_counter">4.2K subscribers</div>
      </a>
    </div>
  </div>
</header>
<main class="tgme_main" data-url="/{TG_CHANNEL}">
  <div class="tgme_container">
    <section class="tgme_channel_history js-message_history">
      {more}{messages}
    </section>
  </div>
</main>
{_SCRIPTS}"""
    return page.encode("utf-8")


def post_page(base: str, post: DemoPost, images: dict[str, DemoImage]) -> bytes:
    """``/<channel>/<n>``: the single-message page a permalink opens."""
    links = f'<link rel="canonical" href="{base}{paths.tg_permalink(post.number)}">'
    page = f"""{_head(base, f"{TG_TITLE} – Telegram", links)}
  <body class="widget_frame_base tgme_webpreview emoji_image">
<main class="tgme_main" data-url="/{TG_CHANNEL}/{post.number}">
  <div class="tgme_container">
    <section class="tgme_channel_history js-message_history">
      {message_widget(base, post, images)}
    </section>
    <div class="tgme_page_action"><a class="tgme_action_button_new" href="tg://resolve?domain={TG_CHANNEL}&amp;post={post.number}">View in Telegram</a></div>
  </div>
</main>
{_SCRIPTS}"""
    return page.encode("utf-8")
