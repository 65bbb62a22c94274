<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an RSS or Atom feed of the portal as a readable Dutch page when someone opens it in a
     browser; feed readers ignore it. Output has no inline script or style (the feed's CSP). -->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom"
                exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes"
              doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="link"
                select="/rss/channel/link | /atom:feed/atom:link[not(@rel) or @rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="nl">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title>Feed: <xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="/static/css/portaal.css"/>
        <link rel="stylesheet" href="/static/css/public.css"/>
        <link rel="stylesheet" href="/static/feeds/feed.css"/>
      </head>
      <body>
        <main id="inhoud" class="wrap feed-page">
          <p class="feed-page__site"><a href="/">Kennisportaal sociaal werk &amp; ggz</a></p>
          <h1><xsl:value-of select="$title"/></h1>
          <section class="feed-uitleg" aria-labelledby="feed-uitleg-kop">
            <h2 id="feed-uitleg-kop">Dit is een feed: zo volgt u nieuwe kennis</h2>
            <p>Deze pagina is een <strong>feed</strong> (RSS of Atom): een lijst met de nieuwste
              pagina's van het kennisportaal, bedoeld voor een <strong>feedlezer</strong> zoals
              Feedly, Inoreader, NetNewsWire, Thunderbird of Outlook.</p>
            <p>Kopieer het adres van deze pagina uit de adresbalk en voeg het in uw feedlezer toe.
              U ziet dan vanzelf nieuwe praktijkvoorbeelden, verslagen en artikelen, zonder het
              portaal zelf te hoeven bezoeken.</p>
            <p><a href="{$link}">Naar deze pagina's op het kennisportaal</a></p>
          </section>
          <h2>Nieuwste pagina's in deze feed</h2>
          <xsl:choose>
            <xsl:when test="/rss/channel/item | /atom:feed/atom:entry">
              <ol class="feed-items">
                <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p class="empty">Deze feed bevat nog geen pagina's.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="card">
      <h3 class="card__title"><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <xsl:if test="description">
        <p class="card__intro"><xsl:value-of select="description"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="card">
      <h3 class="card__title">
        <a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      </h3>
      <xsl:if test="atom:summary">
        <p class="card__intro"><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
