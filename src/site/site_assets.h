/* site_assets.h — the site's style sheet and search script. */
#ifndef KSURF_SITE_SITE_ASSETS_H
#define KSURF_SITE_SITE_ASSETS_H

extern const char site_style_css[];
extern const char site_search_js[];

#endif
