/**
 * Debian 12 (netbase) /etc/protocols and /etc/services, which iptables v1.8.9 consults through
 * getprotobyname/getprotobynumber and getservbyname: `-p 47` prints as `-p gre`, `--dport http`
 * means 80. Data only.
 */

/** `number name [aliases…]` per line. */
const PROTOCOLS_TEXT = `0 ip IP
0 hopopt HOPOPT
1 icmp ICMP
2 igmp IGMP
3 ggp GGP
4 ipencap IP-ENCAP
5 st ST
6 tcp TCP
8 egp EGP
9 igp IGP
12 pup PUP
17 udp UDP
20 hmp HMP
22 xns-idp XNS-IDP
27 rdp RDP
29 iso-tp4 ISO-TP4
33 dccp DCCP
36 xtp XTP
37 ddp DDP
38 idpr-cmtp IDPR-CMTP
41 ipv6 IPv6
43 ipv6-route IPv6-Route
44 ipv6-frag IPv6-Frag
45 idrp IDRP
46 rsvp RSVP
47 gre GRE
50 esp IPSEC-ESP
51 ah IPSEC-AH
57 skip SKIP
58 ipv6-icmp IPv6-ICMP
59 ipv6-nonxt IPv6-NoNxt
60 ipv6-opts IPv6-Opts
73 rspf RSPF CPHB
81 vmtp VMTP
88 eigrp EIGRP
89 ospf OSPFIGP
93 ax.25 AX.25
94 ipip IPIP
97 etherip ETHERIP
98 encap ENCAP
103 pim PIM
108 ipcomp IPCOMP
112 vrrp VRRP
115 l2tp L2TP
124 isis ISIS
132 sctp SCTP
133 fc FC
135 mobility-header Mobility-Header
136 udplite UDPLite
137 mpls-in-ip MPLS-in-IP
138 manet
139 hip HIP
140 shim6 Shim6
141 wesp WESP
142 rohc ROHC
143 ethernet Ethernet
262 mptcp MPTCP`;

/** `name port [aliases…]` per line, protocol tcp. */
const SERVICES_TCP_TEXT = `tcpmux 1
echo 7
discard 9 sink null
systat 11 users
daytime 13
netstat 15
qotd 17 quote
chargen 19 ttytst source
ftp-data 20
ftp 21
ssh 22
telnet 23
smtp 25 mail
time 37 timserver
whois 43 nicname
tacacs 49
domain 53
gopher 70
finger 79
http 80 www
kerberos 88 kerberos5 krb5 kerberos-sec
iso-tsap 102 tsap
acr-nema 104 dicom
pop3 110 pop-3
sunrpc 111 portmapper
auth 113 authentication tap ident
nntp 119 readnews untp
epmap 135 loc-srv
netbios-ssn 139
imap2 143 imap
snmp 161
snmp-trap 162 snmptrap
cmip-man 163
cmip-agent 164
mailq 174
bgp 179
smux 199
qmtp 209
z3950 210 wais
pawserv 345
zserv 346
rpc2portmap 369
codaauth2 370
ldap 389
svrloc 427
https 443
snpp 444
microsoft-ds 445
kpasswd 464
submissions 465 ssmtp smtps urd
saft 487
rtsp 554
nqs 607
qmqp 628
ipp 631
ldp 646
exec 512
login 513
shell 514 cmd syslog
printer 515 spooler
gdomap 538
uucp 540 uucpd
klogin 543
kshell 544 krcmd
afpovertcp 548
nntps 563 snntp
submission 587
ldaps 636
tinc 655
silc 706
kerberos-adm 749
domain-s 853
rsync 873
ftps-data 989
ftps 990
telnets 992
imaps 993
pop3s 995
socks 1080
proofd 1093
rootd 1094
openvpn 1194
rmiregistry 1099
lotusnote 1352 lotusnotes
ms-sql-s 1433
ingreslock 1524
datametrics 1645 old-radius
sa-msg-port 1646 old-radacct
kermit 1649
groupwise 1677
radius 1812
radius-acct 1813 radacct
cisco-sccp 2000
nfs 2049
gnunet 2086
rtcm-sc104 2101
gsigatekeeper 2119
gris 2135
cvspserver 2401
venus 2430
venus-se 2431
codasrv 2432
codasrv-se 2433
mon 2583
dict 2628
f5-globalsite 2792
gsiftp 2811
gpsd 2947
gds-db 3050 gds_db
isns 3205
iscsi-target 3260
mysql 3306
ms-wbt-server 3389
nut 3493
distcc 3632
daap 3689
svn 3690 subversion
suucp 4031
sysrqd 4094
sieve 4190
epmd 4369
remctl 4373
f5-iquery 4353
ntske 4460
mtn 4691
radmin-port 4899
sip 5060
sip-tls 5061
xmpp-client 5222 jabber-client
xmpp-server 5269 jabber-server
cfengine 5308
postgresql 5432 postgres
freeciv 5556 rptp
amqps 5671
amqp 5672
x11 6000 x11-0
x11-1 6001
x11-2 6002
x11-3 6003
x11-4 6004
x11-5 6005
x11-6 6006
x11-7 6007
gnutella-svc 6346
gnutella-rtr 6347
redis 6379
sge-qmaster 6444 sge_qmaster
sge-execd 6445 sge_execd
mysql-proxy 6446
ircs-u 6697
bbs 7000
font-service 7100 xfs
http-alt 8080 webcache
puppet 8140
bacula-dir 9101
bacula-fd 9102
bacula-sd 9103
xmms2 9667
nbd 10809
zabbix-agent 10050
zabbix-trapper 10051
amanda 10080
dicom 11112
hkp 11371
db-lsp 17500
dcap 22125
gsidcap 22128
wnn6 22273
kerberos4 750 kerberos-iv kdc
kerberos-master 751
krb-prop 754 krb_prop krb5_prop hprop
iprop 2121
supfilesrv 871
supfiledbg 1127
poppassd 106
moira-db 775 moira_db
moira-update 777 moira_update
spamd 783
skkserv 1178
rmtcfg 1236
xtel 1313
xtelw 1314
zebrasrv 2600
zebra 2601
ripd 2602
ripngd 2603
ospfd 2604
bgpd 2605
ospf6d 2606
ospfapi 2607
isisd 2608
fax 4557
hylafax 4559
munin 4949 lrrd
nrpe 5666
nsca 5667
canna 5680
syslog-tls 6514
sane-port 6566 sane saned
ircd 6667
zope-ftp 8021
tproxy 8081
omniorb 8088
clc-build-daemon 8990
xinetd 9098
git 9418
zope 9673
webmin 10000
kamanda 10081
amandaidx 10082
amidxtape 10083
sgi-cad 17004
binkp 24554
asp 27374
csync2 30865
dircproxy 57000
tfido 60177
fido 60179`;

/** `name port [aliases…]` per line, protocol udp. */
const SERVICES_UDP_TEXT = `echo 7
discard 9 sink null
daytime 13
chargen 19 ttytst source
fsp 21 fspd
time 37 timserver
tacacs 49
domain 53
bootps 67
bootpc 68
tftp 69
kerberos 88 kerberos5 krb5 kerberos-sec
sunrpc 111 portmapper
ntp 123
netbios-ns 137
netbios-dgm 138
snmp 161
snmp-trap 162 snmptrap
cmip-man 163
cmip-agent 164
xdmcp 177
ipx 213
ptp-event 319
ptp-general 320
rpc2portmap 369
codaauth2 370
clearcase 371 Clearcase
ldap 389
svrloc 427
https 443
kpasswd 464
isakmp 500
rtsp 554
asf-rmcp 623
ldp 646
biff 512 comsat
who 513 whod
syslog 514
talk 517
ntalk 518
route 520 router routed
gdomap 538
dhcpv6-client 546
dhcpv6-server 547
ldaps 636
tinc 655
domain-s 853
openvpn 1194
ms-sql-m 1434
datametrics 1645 old-radius
sa-msg-port 1646 old-radacct
l2f 1701 l2tp
radius 1812
radius-acct 1813 radacct
nfs 2049
gnunet 2086
rtcm-sc104 2101
venus 2430
venus-se 2431
codasrv 2432
codasrv-se 2433
mon 2583
icpv2 3130 icp
isns 3205
nut 3493
ipsec-nat-t 4500
iax 4569
sip 5060
sip-tls 5061
mdns 5353
gnutella-svc 6346
gnutella-rtr 6347
babel 6696
afs3-fileserver 7000
afs3-callback 7001
afs3-prserver 7002
afs3-vlserver 7003
afs3-kaserver 7004
afs3-volser 7005
afs3-bos 7007
afs3-update 7008
afs3-rmtsys 7009
kerberos4 750 kerberos-iv kdc
kerberos-master 751 kerberos_master
passwd-server 752 passwd_server
zephyr-srv 2102
zephyr-clt 2103
zephyr-hm 2104
moira-ureg 779 moira_ureg
predict 1210
rplay 5555
sgi-cmsd 17001
sgi-crsd 17002
sgi-gcd 17003
asp 27374`;

function parseTable(text: string): { byName: Map<string, number>; byNumber: Map<number, string> } {
  const byName = new Map<string, number>();
  const byNumber = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [a, b, ...aliases] = line.split(' ');
    if (a === undefined || b === undefined) continue;
    const numberFirst = /^[0-9]+$/.test(a);
    const name = numberFirst ? b : a;
    const value = Number(numberFirst ? a : b);
    for (const n of [name, ...aliases]) if (!byName.has(n)) byName.set(n, value);
    if (!byNumber.has(value)) byNumber.set(value, name);
  }
  return { byName, byNumber };
}

const protocols = parseTable(PROTOCOLS_TEXT);
const tcp = parseTable(SERVICES_TCP_TEXT);
const udp = parseTable(SERVICES_UDP_TEXT);

/** getprotobyname: exact (case-sensitive) name or alias. */
export function protocolNumberOf(name: string): number | undefined {
  return protocols.byName.get(name);
}

/** getprotobynumber: the official name. */
export function protocolNameOf(number: number): string | undefined {
  return protocols.byNumber.get(number);
}

/** getservbyname(name, proto) for tcp and udp (what `--dport NAME` resolves through). */
export function servicePorts(proto: 'tcp' | 'udp'): ReadonlyMap<string, number> {
  return proto === 'tcp' ? tcp.byName : udp.byName;
}

/** getservbyport(port, proto): the service name `iptables -L` (without -n) prints. */
export function serviceNameOf(port: number, proto: 'tcp' | 'udp'): string | undefined {
  return (proto === 'tcp' ? tcp : udp).byNumber.get(port);
}
