package jikenbo

// Medium codes: where the leaked data was when it leaked, as a release
// states it (a lost USB memory, papers sent to the wrong address, a
// server broken into). A release that states none has no medium: it is
// not inferred from the category.
const (
	MediumUSB    = "usb"
	MediumPaper  = "paper"
	MediumPC     = "pc"
	MediumFax    = "fax"
	MediumEmail  = "email"
	MediumServer = "server"
)

// Media lists every medium code with its Japanese name, the most
// specific first: when a release states several (a PC and the USB memory
// in the same bag), the first one listed is the case's medium.
var Media = []Term{
	{MediumUSB, "USBメモリ等の記録媒体"},
	{MediumPaper, "紙媒体"},
	{MediumPC, "パソコン"},
	{MediumFax, "FAX"},
	{MediumEmail, "電子メール"},
	{MediumServer, "サーバー"},
}
