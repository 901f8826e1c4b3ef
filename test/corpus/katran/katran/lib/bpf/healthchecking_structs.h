/* Copyright (c) Facebook, Inc. and its affiliates. All Rights Reserved.
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation; version 2 of the License.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License along
 * with this program; if not, write to the Free Software Foundation, Inc.,
 * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA.
 */

#ifndef __HEALTHCHECKING_STRUCTS_H
#define __HEALTHCHECKING_STRUCTS_H

struct hc_real_definition {
  union {
    __be32 daddr;
    __be32 v6daddr[4];
  };
  __u8 flags;
};

// struct to record packet level for counters for relevant events
struct hc_stats {
  __u64 pckts_processed;
  __u64 pckts_dropped;
  __u64 pckts_skipped;
  __u64 pckts_too_big;
  __u64 pckts_dst_matched;
  __u64 pckts_src_matched;
};

// hc_key's definition
struct hc_key {
  union {
    __be32 addr;
    __be32 addrv6[4];
  };
  __u16 port;
  __u8 proto;
};

// struct to store mac address
struct hc_mac {
  __u8 mac[6];
};

#ifdef HC_DST_MATCH
// Key for destination-based healthcheck matching
struct hc_dst_key {
  union {
    __be32 addr;
    __be32 addrv6[4];
  };
  __be16 port; // destination port in network byte order;
               // 0 = wildcard (match any port)
  __u8 flags; // V6DADDR if IPv6
  __u8 pad;
};
#endif // HC_DST_MATCH

#ifdef HC_SRC_MATCH
// Key for source-based healthcheck matching (used for DSR encapsulation)
struct hc_src_key {
  union {
    __be32 addr;
    __be32 addrv6[4];
  };
  __be16 port; // source port in network byte order;
               // 0 = wildcard (match any port)
  __u8 flags; // V6DADDR if IPv6
  __u8 pad;
};
#endif // HC_SRC_MATCH

#endif // of __HEALTHCHECKING_STRUCTS_H
