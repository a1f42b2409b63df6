"""OpenList's setting items (internal/bootstrap/data/setting.go), seeded at start-up.

Each: (key, default value, type, group, flag, options). Groups: 0 single, 1 site, 2 style,
3 preview, 4 global, 5 offline download, 6 index, 7 SSO, 8 LDAP, 9 S3, 10 FTP, 11 traffic.
Flags: 0 public, 1 private, 2 read-only, 3 deprecated. Features openlist lacks keep "off" values.
"""

from __future__ import annotations

import json
import secrets
import string
import uuid

PUBLIC, PRIVATE, READONLY, DEPRECATED = 0, 1, 2, 3
SINGLE, SITE, STYLE, PREVIEW, GLOBAL, OFFLINE, INDEX, SSO, LDAP, S3, FTP, TRAFFIC = range(12)

LOGO = "https://res.oplist.org/logo/logo.svg"
ANNOUNCEMENT = "### repo\nhttps://github.com/OpenListTeam/OpenList"
IFRAME_PREVIEWS = json.dumps({
    "doc,docx,xls,xlsx,ppt,pptx": {
        "Microsoft": "https://view.officeapps.live.com/op/view.aspx?src=$e_url",
        "Google": "https://docs.google.com/gview?url=$e_url&embedded=true",
    },
    "pdf": {"PDF.js": "https://res.oplist.org/pdf.js/web/viewer.html?file=$e_url"},
    "epub": {"EPUB.js": "https://res.oplist.org/epub.js/viewer.html?url=$e_url"},
}, indent=2)
PRIVACY_REGS = (  # noqa: E501
    "(?:(?:\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\\.){3}(?:\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])\n"
    "([[:xdigit:]]{1,4}(?::[[:xdigit:]]{1,4}){7}|::|:(?::[[:xdigit:]]{1,4}){1,6}|[[:xdigit:]]{1,4}:(?::[[:xdigit:]]{1,4}){1,5}|(?:[[:xdigit:]]{1,4}:){2}(?::[[:xdigit:]]{1,4}){1,4}|(?:[[:xdigit:]]{1,4}:){3}(?::[[:xdigit:]]{1,4}){1,3}|(?:[[:xdigit:]]{1,4}:){4}(?::[[:xdigit:]]{1,4}){1,2}|(?:[[:xdigit:]]{1,4}:){5}:[[:xdigit:]]{1,4}|(?:[[:xdigit:]]{1,4}:){1,6}:)\n"
    "(?U)access_token=(.*)&"
)  # fmt: skip


def new_token() -> str:
    """`openlist-` + UUIDv4 + 64 random alphanumerics (§3.10)."""
    alphabet = string.ascii_letters + string.digits
    return "openlist-" + str(uuid.uuid4()) + "".join(secrets.choice(alphabet) for _ in range(64))


# (key, value, type, group, flag, options)
DEFAULTS: tuple[tuple[str, str, str, int, int, str], ...] = (
    # site
    ("version", "", "string", SITE, READONLY, ""),
    ("site_title", "OpenList", "string", SITE, PUBLIC, ""),
    ("announcement", ANNOUNCEMENT, "text", SITE, PUBLIC, ""),
    ("pagination_type", "all", "select", SITE, PUBLIC, "all,pagination,load_more,auto_load_more"),
    ("default_page_size", "30", "number", SITE, PUBLIC, ""),
    ("allow_indexed", "false", "bool", SITE, PUBLIC, ""),
    ("allow_mounted", "true", "bool", SITE, PUBLIC, ""),
    ("robots_txt", "User-agent: *\nAllow: /", "text", SITE, PUBLIC, ""),
    # style
    ("logo", LOGO, "text", STYLE, PUBLIC, ""),
    ("favicon", LOGO, "string", STYLE, PUBLIC, ""),
    ("main_color", "#1890ff", "string", STYLE, PUBLIC, ""),
    ("home_icon", "🏠", "string", STYLE, PUBLIC, ""),
    ("share_icon", "🎁", "string", STYLE, PUBLIC, ""),
    ("home_container", "max_980px", "select", STYLE, PUBLIC, "max_980px,hope_container"),
    ("settings_layout", "list", "select", STYLE, PUBLIC, "list,responsive"),
    ("hide_storage_details", "true", "bool", STYLE, PRIVATE, ""),
    ("hide_storage_details_in_manage_page", "true", "bool", STYLE, PRIVATE, ""),
    ("show_disk_usage_in_plain_text", "false", "bool", STYLE, PUBLIC, ""),
    # preview
    ("text_types", "txt,htm,html,xml,java,properties,sql,js,md,json,conf,ini,vue,php,py,bat,gitignore,yml,go,"
     "sh,c,cpp,h,hpp,tsx,vtt,srt,ass,rs,lrc,strm", "text", PREVIEW, PRIVATE, ""),
    ("audio_types", "mp3,flac,ogg,m4a,wav,opus,wma", "text", PREVIEW, PRIVATE, ""),
    ("video_types", "mp4,mkv,avi,mov,rmvb,webm,flv,m3u8", "text", PREVIEW, PRIVATE, ""),
    ("image_types", "jpg,tiff,jpeg,png,gif,bmp,svg,ico,swf,webp,avif", "text", PREVIEW, PRIVATE, ""),
    ("proxy_types", "m3u8,url", "text", PREVIEW, PRIVATE, ""),
    ("proxy_ignore_headers", "authorization,referer", "text", PREVIEW, PRIVATE, ""),
    ("external_previews", "{}", "text", PREVIEW, PUBLIC, ""),
    ("iframe_previews", IFRAME_PREVIEWS, "text", PREVIEW, PUBLIC, ""),
    ("audio_cover", LOGO, "string", PREVIEW, PUBLIC, ""),
    ("audio_autoplay", "true", "bool", PREVIEW, PUBLIC, ""),
    ("video_autoplay", "true", "bool", PREVIEW, PUBLIC, ""),
    ("preview_download_by_default", "false", "bool", PREVIEW, PUBLIC, ""),
    ("preview_archives_by_default", "true", "bool", PREVIEW, PUBLIC, ""),
    ("share_preview_download_by_default", "true", "bool", PREVIEW, PUBLIC, ""),
    ("share_preview_archives_by_default", "false", "bool", PREVIEW, PUBLIC, ""),
    ("readme_autorender", "true", "bool", PREVIEW, PUBLIC, ""),
    ("filter_readme_scripts", "true", "bool", PREVIEW, PUBLIC, ""),
    ("non_efs_zip_encoding", "IBM437", "string", PREVIEW, PUBLIC, ""),
    # global
    ("hide_files", "/\\/README.md/i", "text", GLOBAL, PUBLIC, ""),
    ("customize_head", "", "text", GLOBAL, PRIVATE, ""),
    ("customize_body", "", "text", GLOBAL, PRIVATE, ""),
    ("link_expiration", "0", "number", GLOBAL, PRIVATE, ""),
    ("sign_all", "true", "bool", GLOBAL, PRIVATE, ""),
    ("privacy_regs", PRIVACY_REGS, "text", GLOBAL, PRIVATE, ""),
    ("ocr_api", "", "string", GLOBAL, PUBLIC, ""),
    ("filename_char_mapping", '{"/": "|"}', "text", GLOBAL, PUBLIC, ""),
    ("forward_direct_link_params", "false", "bool", GLOBAL, PUBLIC, ""),
    ("ignore_direct_link_params", "sign,openlist_ts,raw", "string", GLOBAL, PUBLIC, ""),
    ("webauthn_login_enabled", "false", "bool", GLOBAL, PUBLIC, ""),
    ("package_download", "true", "bool", GLOBAL, PUBLIC, ""),
    ("ignore_system_files", "false", "bool", GLOBAL, PRIVATE, ""),
    ("share_preview", "false", "bool", GLOBAL, PUBLIC, ""),
    ("share_archive_preview", "false", "bool", GLOBAL, PUBLIC, ""),
    ("share_force_proxy", "true", "bool", GLOBAL, PRIVATE, ""),
    ("share_summary_content", "@{{creator}} shared {{#each files}}{{#if @first}}\"{{filename this}}\"{{/if}}"
     "{{#if @last}}{{#unless (eq @index 0)}} and {{@index}} more files{{/unless}}{{/if}}{{/each}} from "
     "{{site_title}}: {{base_url}}/@s/{{id}}{{#if pwd}} , the share code is {{pwd}}{{/if}}"
     "{{#if expires}}, please access before {{dateLocaleString expires}}.{{/if}}", "text", GLOBAL, PUBLIC, ""),
    # openlist: 2FA enforcement (issue 4)
    ("two_factor_policy", "optional", "select", GLOBAL, PRIVATE, "optional,admins,all"),
    ("two_factor_grace_logins", "3", "number", GLOBAL, PRIVATE, ""),
    # single (not shown in groups)
    ("token", "", "string", SINGLE, PRIVATE, ""),
    # offline download: no tools in openlist
    ("aria2_uri", "http://localhost:6800/jsonrpc", "string", OFFLINE, PRIVATE, ""),
    ("aria2_secret", "", "string", OFFLINE, PRIVATE, ""),
    # index
    ("search_index", "none", "select", INDEX, PUBLIC, "none"),
    ("auto_update_index", "false", "bool", INDEX, PUBLIC, ""),
    ("ignore_paths", "", "text", INDEX, PRIVATE, ""),
    ("max_index_depth", "20", "number", INDEX, PRIVATE, ""),
    # SSO / LDAP (not implemented: off)
    ("sso_login_enabled", "false", "bool", SSO, PUBLIC, ""),
    ("sso_login_platform", "", "select", SSO, PUBLIC, "Casdoor,Github,Microsoft,Google,Dingtalk,OIDC"),
    ("sso_compatibility_mode", "false", "bool", SSO, PUBLIC, ""),
    ("ldap_login_enabled", "false", "bool", LDAP, PUBLIC, ""),
    ("ldap_login_tips", "login with ldap", "string", LDAP, PUBLIC, ""),
    # S3 / FTP (not implemented)
    ("s3_access_key_id", "", "string", S3, PRIVATE, ""),
    ("s3_secret_access_key", "", "string", S3, PRIVATE, ""),
    ("s3_buckets", "[]", "string", S3, PRIVATE, ""),
    ("ftp_public_host", "127.0.0.1", "string", FTP, PRIVATE, ""),
    # traffic
    ("max_client_download_speed", "-1", "number", TRAFFIC, PRIVATE, ""),
    ("max_client_upload_speed", "-1", "number", TRAFFIC, PRIVATE, ""),
    ("max_server_download_speed", "-1", "number", TRAFFIC, PRIVATE, ""),
    ("max_server_upload_speed", "-1", "number", TRAFFIC, PRIVATE, ""),
    # D1: the 4.2.6 UI uses /api/fs/multipart/* whenever this is true; we do not offer it yet.
    ("multipart_enabled", "false", "bool", TRAFFIC, PUBLIC, ""),
    ("multipart_chunk_size", "10", "number", TRAFFIC, PUBLIC, ""),
)
